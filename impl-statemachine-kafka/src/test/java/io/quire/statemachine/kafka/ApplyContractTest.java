package io.quire.statemachine.kafka;

import static io.quire.statemachine.kafka.StateMachines.broker;
import static io.quire.statemachine.kafka.StateMachines.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quire.api.command.CreateTopic;
import io.quire.api.command.DeleteTopic;
import io.quire.api.command.MetadataCommand;
import io.quire.api.command.RegisterBroker;
import io.quire.api.metadata.BrokerInfo;
import io.quire.api.metadata.TopicMetadata;
import io.quire.api.result.CommandResult;
import io.quire.api.result.ErrorCode;
import io.quire.spi.statemachine.StateMachine;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order and validation rules of the StateMachine contract: offsets, rejected commands, validate(). */
class ApplyContractTest {

    @TempDir
    Path dir;

    @Test
    void appliedOffsetFollowsEachApply() {
        StateMachine stateMachine = StateMachines.create(dir);

        stateMachine.apply(0, broker(1));
        assertThat(stateMachine.appliedOffset()).isEqualTo(0);
        stateMachine.apply(1, create("orders", List.of(List.of(1))));
        assertThat(stateMachine.appliedOffset()).isEqualTo(1);
    }

    @Test
    void aRejectedCommandAdvancesTheAppliedOffsetAndLeavesTheDigestUnchanged() {
        StateMachine stateMachine = StateMachines.create(dir);
        stateMachine.apply(0, broker(1));
        stateMachine.apply(1, create("orders", List.of(List.of(1))));
        String digest = stateMachine.digest();
        List<TopicMetadata> topics = List.copyOf(stateMachine.view().topics());

        List<MetadataCommand> rejected = List.of(
                create("orders", List.of(List.of(1))),
                create("bad name", List.of(List.of(1))),
                create("orders2", List.of(List.of(9))),
                create("orders3", List.of()),
                new DeleteTopic("ghost", UUID.randomUUID()));
        long offset = 2;
        for (MetadataCommand command : rejected) {
            CommandResult result = stateMachine.apply(offset, command);

            assertThat(result.isSuccess()).as("result of %s", command).isFalse();
            assertThat(stateMachine.appliedOffset()).isEqualTo(offset);
            assertThat(stateMachine.digest()).as("digest after %s", command).isEqualTo(digest);
            assertThat(stateMachine.view().topics()).containsExactlyElementsOf(topics);
            offset++;
        }
    }

    @Test
    void applyingAtTheSameOffsetAgainThrowsAndChangesNothing() {
        StateMachine stateMachine = StateMachines.create(dir);
        stateMachine.apply(0, broker(1));
        stateMachine.apply(1, create("orders", List.of(List.of(1))));
        String digest = stateMachine.digest();

        assertThatThrownBy(() -> stateMachine.apply(1, create("replayed", List.of(List.of(1)))))
                .isInstanceOf(IllegalStateException.class);

        assertThat(stateMachine.appliedOffset()).isEqualTo(1);
        assertThat(stateMachine.digest()).isEqualTo(digest);
        assertThat(stateMachine.view().topic("replayed")).isEmpty();
    }

    @Test
    void applyingAtALowerOffsetThrowsAndChangesNothing() {
        StateMachine stateMachine = StateMachines.create(dir);
        stateMachine.apply(5, broker(1));
        String digest = stateMachine.digest();

        assertThatThrownBy(() -> stateMachine.apply(4, broker(2))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> stateMachine.apply(0, broker(2))).isInstanceOf(IllegalStateException.class);

        assertThat(stateMachine.appliedOffset()).isEqualTo(5);
        assertThat(stateMachine.digest()).isEqualTo(digest);
        assertThat(stateMachine.view().broker(2)).isEmpty();
    }

    @Test
    void aFreshStateMachineRefusesANegativeOffset() {
        StateMachine stateMachine = StateMachines.create(dir);

        assertThatThrownBy(() -> stateMachine.apply(-1, broker(1))).isInstanceOf(IllegalStateException.class);
        assertThat(stateMachine.view().brokers()).isEmpty();
        assertThat(stateMachine.appliedOffset()).isEqualTo(-1);
    }

    @Test
    void validateAnswersWhatApplyWouldWithoutChangingAnything() {
        StateMachine validated = StateMachines.create(dir);
        StateMachine applied = StateMachines.create(dir);
        List<MetadataCommand> commands = List.of(
                broker(1),
                broker(2),
                create("orders", List.of(List.of(1, 2))),
                create("orders", List.of(List.of(1))),
                create("orders_x", List.of(List.of(1))),
                create("orders.x", List.of(List.of(1))),
                create("bad/name", List.of(List.of(1))),
                create("no-partitions", List.of()),
                create("unknown-broker", List.of(List.of(3))),
                create("twice", List.of(List.of(1, 1))),
                create("empty-replicas", List.of(List.of())),
                new CreateTopic("reused-id", StateMachines.idOf("orders"), List.of(List.of(1)), Map.of()),
                new DeleteTopic("orders", UUID.randomUUID()),
                new DeleteTopic("ghost", UUID.randomUUID()),
                new DeleteTopic("orders", StateMachines.idOf("orders")),
                new RegisterBroker(new BrokerInfo(1, "moved.example", 1, "r")));

        long offset = 0;
        for (MetadataCommand command : commands) {
            String digestBefore = validated.digest();
            long offsetBefore = validated.appliedOffset();
            List<TopicMetadata> topicsBefore = List.copyOf(validated.view().topics());
            List<BrokerInfo> brokersBefore = List.copyOf(validated.view().brokers());

            CommandResult answer = validated.validate(command);

            assertThat(validated.digest()).as("digest after validate(%s)", command).isEqualTo(digestBefore);
            assertThat(validated.appliedOffset()).isEqualTo(offsetBefore);
            assertThat(validated.view().topics()).containsExactlyElementsOf(topicsBefore);
            assertThat(validated.view().brokers()).containsExactlyElementsOf(brokersBefore);

            CommandResult result = applied.apply(offset, command);
            assertThat(answer).as("validate vs apply of %s", command).isEqualTo(result);
            validated.apply(offset, command);
            offset++;
        }
        // The sequence exercised successes and every kind of refusal.
        assertThat(validated.digest()).isEqualTo(applied.digest());
    }

    @Test
    void validateSeesTheLatestAppliedState() {
        StateMachine stateMachine = StateMachines.create(dir);
        CreateTopic orders = create("orders", List.of(List.of(1)));

        assertThat(stateMachine.validate(orders).error()).isEqualTo(ErrorCode.INVALID_REPLICA_ASSIGNMENT);
        stateMachine.apply(0, broker(1));
        assertThat(stateMachine.validate(orders)).isEqualTo(CommandResult.OK);
        stateMachine.apply(1, orders);
        assertThat(stateMachine.validate(orders).error()).isEqualTo(ErrorCode.TOPIC_ALREADY_EXISTS);
    }
}
