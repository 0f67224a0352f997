package io.quire.core.topics;

import java.util.ArrayList;
import java.util.List;

/**
 * Spreads partition replicas over brokers round robin, as Kafka does without racks: partition
 * {@code p} starts at broker {@code (start + p) mod n} and takes the next brokers in id order.
 * The leader picks {@code start}; the result is written into the command, so followers never
 * recompute it.
 */
final class ReplicaPlacement {

    private ReplicaPlacement() {}

    static List<List<Integer>> assign(List<Integer> brokerIds, int partitions, int replicationFactor, int start) {
        int brokers = brokerIds.size();
        List<List<Integer>> assignment = new ArrayList<>(partitions);
        for (int partition = 0; partition < partitions; partition++) {
            List<Integer> replicas = new ArrayList<>(replicationFactor);
            for (int replica = 0; replica < replicationFactor; replica++) {
                replicas.add(brokerIds.get(Math.floorMod(start + partition + replica, brokers)));
            }
            assignment.add(replicas);
        }
        return assignment;
    }
}
