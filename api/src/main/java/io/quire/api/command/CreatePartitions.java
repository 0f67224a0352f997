package io.quire.api.command;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Adds partitions to a topic, with replica placements chosen by the leader.
 *
 * <p>The partition count the leader saw is part of the command: two requests that both ask for N
 * partitions must not both append, so the second one is refused when it reaches a topic that has
 * already grown.
 *
 * @param name the topic name
 * @param topicId the topic id, so that the command never grows a later topic of the same name
 * @param existingPartitions how many partitions the topic must have when the command is applied
 * @param newPartitions for each added partition, in order, the broker ids holding a replica; the
 *     first one is the preferred leader
 */
public record CreatePartitions(String name, UUID topicId, int existingPartitions, List<List<Integer>> newPartitions)
        implements MetadataCommand {

    public CreatePartitions {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topicId, "topicId");
        newPartitions = newPartitions.stream().map(List::copyOf).toList();
    }
}
