package io.quire.campaigns.history;

import io.quire.campaigns.history.Operation.Kind;
import io.quire.campaigns.history.Violation.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Checks a run's end state against its history, topic by topic. A topic's operations come from
 * its one owning client, in order; an operation with an unknown outcome may or may not have taken
 * effect, at any time after it was sent. Reports every acknowledged change that does not hold and
 * everything in the end state that no client asked for.
 */
public final class HistoryChecker {

    private HistoryChecker() {}

    /**
     * @param operations the whole history
     * @param end every topic the cluster holds whose name starts with {@code prefix}
     * @param prefix the run's topic names: topics outside it are not the run's
     */
    public static List<Violation> check(List<Operation> operations, Map<String, TopicState> end, String prefix) {
        Map<String, List<Operation>> byTopic = new LinkedHashMap<>();
        operations.stream().sorted(Comparator.comparingLong(Operation::sequence))
                .forEach(op -> byTopic.computeIfAbsent(op.topic(), t -> new ArrayList<>()).add(op));
        List<Violation> violations = new ArrayList<>();
        Set<String> requested = new HashSet<>();
        byTopic.forEach((topic, ops) -> {
            Operation create = ops.get(0);
            if (create.kind() != Kind.CREATE) {
                throw new IllegalArgumentException(topic + "'s first operation is " + create.kind() + ", not CREATE");
            }
            if (create.outcome() != Outcome.FAILED) {
                requested.add(topic);
            }
            if (create.outcome() != Outcome.FAILED) {
                check(topic, ops, end.get(topic), violations);
            }
        });
        end.keySet().stream().filter(t -> t.startsWith(prefix) && !requested.contains(t)).sorted()
                .forEach(t -> violations.add(new Violation(Type.PHANTOM_TOPIC, t, "present, never created")));
        return violations;
    }

    private static void check(String topic, List<Operation> ops, TopicState state, List<Violation> violations) {
        Operation create = ops.get(0);
        boolean deleteAcknowledged = ops.stream().anyMatch(op -> op.kind() == Kind.DELETE
                && op.outcome() == Outcome.ACKNOWLEDGED);
        boolean deleteSent = ops.stream().anyMatch(op -> op.kind() == Kind.DELETE && op.outcome() != Outcome.FAILED);
        if (state == null) {
            if (create.outcome() == Outcome.ACKNOWLEDGED && !deleteSent) {
                violations.add(new Violation(Type.LOST_CREATE, topic, "acknowledged (operation " + create.sequence()
                        + "), missing at the end"));
            }
            return;
        }
        if (deleteAcknowledged) {
            violations.add(new Violation(Type.LOST_DELETE, topic, "deleted with acknowledgement, present at the end"));
        }
        checkPartitions(topic, ops, state.partitions(), violations);
        checkConfig(topic, ops, state.retentionMs(), violations);
    }

    private static void checkPartitions(String topic, List<Operation> ops, int partitions, List<Violation> violations) {
        long least = 0;
        Set<Long> possible = new HashSet<>();
        for (Operation op : ops) {
            if ((op.kind() == Kind.CREATE || op.kind() == Kind.PARTITIONS) && op.outcome() != Outcome.FAILED) {
                possible.add(op.value());
                if (op.outcome() == Outcome.ACKNOWLEDGED) {
                    least = Math.max(least, op.value());
                }
            }
        }
        if (partitions < least) {
            violations.add(new Violation(Type.LOST_PARTITIONS, topic, partitions + " partitions, "
                    + least + " acknowledged"));
        } else if (!possible.contains((long) partitions)) {
            violations.add(new Violation(Type.UNREQUESTED_VALUE, topic, partitions + " partitions, asked for "
                    + possible));
        }
    }

    private static void checkConfig(String topic, List<Operation> ops, OptionalLong retention, List<Violation> violations) {
        OptionalLong lastAcknowledged = OptionalLong.empty();
        Set<Long> unknown = new HashSet<>();
        Set<Long> acknowledged = new HashSet<>();
        for (Operation op : ops) {
            if (op.kind() != Kind.CONFIG) {
                continue;
            }
            if (op.outcome() == Outcome.ACKNOWLEDGED) {
                lastAcknowledged = OptionalLong.of(op.value());
                acknowledged.add(op.value());
            } else if (op.outcome() == Outcome.UNKNOWN) {
                unknown.add(op.value());
            }
        }
        if (retention.equals(lastAcknowledged) || (retention.isPresent() && unknown.contains(retention.getAsLong()))) {
            return;
        }
        String found = retention.isPresent() ? "retention.ms=" + retention.getAsLong() : "no retention.ms";
        String expected = lastAcknowledged.isPresent() ? "last acknowledged " + lastAcknowledged.getAsLong()
                : "none acknowledged";
        boolean requested = retention.isEmpty() || acknowledged.contains(retention.getAsLong());
        violations.add(new Violation(requested ? Type.LOST_CONFIG : Type.UNREQUESTED_VALUE, topic,
                found + ", " + expected + (unknown.isEmpty() ? "" : ", unanswered " + unknown)));
    }
}
