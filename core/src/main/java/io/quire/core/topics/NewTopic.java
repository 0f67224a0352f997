package io.quire.core.topics;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A request to create a topic, as a protocol front end received it.
 *
 * @param numPartitions the partition count, or -1 for the default (or when an assignment is given)
 * @param replicationFactor the replication factor, or -1 for the default (or when an assignment is given)
 * @param replicaAssignment explicit replicas per partition index; empty to let the leader place them
 */
public record NewTopic(String name, int numPartitions, int replicationFactor,
        Map<Integer, List<Integer>> replicaAssignment, Map<String, String> configs) {

    /** The value of {@link #numPartitions} and {@link #replicationFactor} that asks for the default. */
    public static final int DEFAULT = -1;

    public NewTopic {
        Objects.requireNonNull(name, "name");
        replicaAssignment = Map.copyOf(replicaAssignment);
        configs = Map.copyOf(configs);
    }
}
