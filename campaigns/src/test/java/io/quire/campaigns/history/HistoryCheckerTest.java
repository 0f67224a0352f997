package io.quire.campaigns.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.campaigns.history.Operation.Kind;
import io.quire.campaigns.history.Violation.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class HistoryCheckerTest {

    private static final String PREFIX = "run-";

    private final List<Operation> history = new ArrayList<>();
    private final Map<String, TopicState> end = new HashMap<>();

    private void op(Kind kind, String topic, long value, Outcome outcome) {
        history.add(new Operation(history.size(), 0, kind, PREFIX + topic, value, outcome));
    }

    private void holds(String topic, int partitions, Long retention) {
        end.put(PREFIX + topic, new TopicState(partitions,
                retention == null ? OptionalLong.empty() : OptionalLong.of(retention)));
    }

    private List<Type> violations() {
        return HistoryChecker.check(history, end, PREFIX).stream().map(Violation::type).toList();
    }

    @Test
    void anEndStateThatHoldsEveryAcknowledgedChangePasses() {
        op(Kind.CREATE, "a", 1, Outcome.ACKNOWLEDGED);
        op(Kind.PARTITIONS, "a", 2, Outcome.ACKNOWLEDGED);
        op(Kind.CONFIG, "a", 7, Outcome.ACKNOWLEDGED);
        op(Kind.CREATE, "b", 3, Outcome.ACKNOWLEDGED);
        op(Kind.DELETE, "b", 0, Outcome.ACKNOWLEDGED);
        holds("a", 2, 7L);

        assertThat(violations()).isEmpty();
    }

    @Test
    void aMissingAcknowledgedCreateIsLost() {
        op(Kind.CREATE, "a", 1, Outcome.ACKNOWLEDGED);

        assertThat(violations()).containsExactly(Type.LOST_CREATE);
    }

    @Test
    void anAcknowledgedDeleteOfAPresentTopicIsLost() {
        op(Kind.CREATE, "a", 1, Outcome.ACKNOWLEDGED);
        op(Kind.DELETE, "a", 0, Outcome.ACKNOWLEDGED);
        holds("a", 1, null);

        assertThat(violations()).containsExactly(Type.LOST_DELETE);
    }

    @Test
    void unansweredChangesMayOrMayNotHold() {
        op(Kind.CREATE, "maybe", 1, Outcome.UNKNOWN);
        op(Kind.CREATE, "a", 1, Outcome.ACKNOWLEDGED);
        op(Kind.PARTITIONS, "a", 2, Outcome.UNKNOWN);
        op(Kind.CONFIG, "a", 5, Outcome.ACKNOWLEDGED);
        op(Kind.CONFIG, "a", 6, Outcome.UNKNOWN);
        op(Kind.CREATE, "gone", 1, Outcome.ACKNOWLEDGED);
        op(Kind.DELETE, "gone", 0, Outcome.UNKNOWN);
        holds("maybe", 1, null);
        holds("a", 2, 6L);

        assertThat(violations()).isEmpty();
    }

    @Test
    void fewerPartitionsThanAcknowledgedAreLostAndACountNobodyAskedForIsUnrequested() {
        op(Kind.CREATE, "a", 1, Outcome.ACKNOWLEDGED);
        op(Kind.PARTITIONS, "a", 3, Outcome.ACKNOWLEDGED);
        op(Kind.CREATE, "b", 1, Outcome.ACKNOWLEDGED);
        holds("a", 1, null);
        holds("b", 5, null);

        assertThat(violations()).containsExactlyInAnyOrder(Type.LOST_PARTITIONS, Type.UNREQUESTED_VALUE);
    }

    @Test
    void anOlderAcknowledgedConfigIsALostUpdateAndAValueNobodySentIsUnrequested() {
        op(Kind.CREATE, "a", 1, Outcome.ACKNOWLEDGED);
        op(Kind.CONFIG, "a", 5, Outcome.ACKNOWLEDGED);
        op(Kind.CONFIG, "a", 6, Outcome.ACKNOWLEDGED);
        op(Kind.CREATE, "b", 1, Outcome.ACKNOWLEDGED);
        op(Kind.CONFIG, "b", 5, Outcome.ACKNOWLEDGED);
        op(Kind.CREATE, "c", 1, Outcome.ACKNOWLEDGED);
        op(Kind.CONFIG, "c", 8, Outcome.ACKNOWLEDGED);
        holds("a", 1, 5L);
        holds("b", 1, 9L);
        holds("c", 1, null);

        assertThat(violations()).containsExactlyInAnyOrder(Type.LOST_CONFIG, Type.UNREQUESTED_VALUE, Type.LOST_CONFIG);
    }

    @Test
    void aTopicNobodyCreatedOrWhoseCreateWasRefusedIsAPhantom() {
        op(Kind.CREATE, "refused", 1, Outcome.FAILED);
        holds("refused", 1, null);
        holds("never", 1, null);
        end.put("not-this-run", new TopicState(1, OptionalLong.empty()));

        assertThat(violations()).containsExactly(Type.PHANTOM_TOPIC, Type.PHANTOM_TOPIC);
    }
}
