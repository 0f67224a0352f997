package io.quire.core.topics;

import io.quire.api.metadata.BrokerInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Random;

/**
 * Chooses the replicas of new partitions across the registered brokers as Apache Kafka 4.4's
 * controller does (its striped replica placer, see {@link RackRing}): rack-aware when brokers have
 * racks, round robin over the brokers when none has. The leader chooses; the result is written into
 * the command, so followers never recompute it and the randomness never makes nodes diverge.
 */
final class ReplicaPlacement {

    private ReplicaPlacement() {}

    /** The replicas of each partition of a new topic, leader first. */
    static List<List<Integer>> place(Collection<BrokerInfo> brokers, int partitions, int replicationFactor,
            Random random) {
        return placeAfter(brokers, List.of(), partitions, replicationFactor, random);
    }

    /**
     * The replicas of each partition added to a topic, leader first, continuing the stripes of its
     * existing partitions.
     *
     * @param existing the replicas of the topic's partitions so far, in partition order
     * @throws IllegalArgumentException when the replication factor is not between 1 and the number
     *     of brokers (callers check it first, with the error Kafka gives)
     */
    static List<List<Integer>> placeAfter(Collection<BrokerInfo> brokers, List<List<Integer>> existing, int partitions,
            int replicationFactor, Random random) {
        if (replicationFactor < 1 || replicationFactor > brokers.size()) {
            throw new IllegalArgumentException("replication factor " + replicationFactor + " with "
                    + brokers.size() + " broker(s)");
        }
        RackRing ring = new RackRing(brokers, existing, random);
        List<List<Integer>> assignment = new ArrayList<>(partitions);
        for (int partition = 0; partition < partitions; partition++) {
            assignment.add(ring.place(replicationFactor));
        }
        return assignment;
    }
}
