package io.quire.core.topics;

/** What a topic gets when its creator leaves the partition count or replication factor at -1. */
public record TopicDefaults(int partitions, int replicationFactor) {

    public TopicDefaults {
        if (partitions < 1 || replicationFactor < 1) {
            throw new IllegalArgumentException("topic defaults must be positive: " + partitions + ", " + replicationFactor);
        }
    }
}
