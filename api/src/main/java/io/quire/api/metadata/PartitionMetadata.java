package io.quire.api.metadata;

import java.util.List;

/**
 * One partition of a topic.
 *
 * @param leader the broker id of the partition leader
 * @param leaderEpoch incremented each time the partition leader changes
 * @param replicas the broker ids holding a replica, preferred leader first
 * @param isr the in-sync replicas
 */
public record PartitionMetadata(
        int partition, int leader, int leaderEpoch, List<Integer> replicas, List<Integer> isr) {

    public PartitionMetadata {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
    }
}
