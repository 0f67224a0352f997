package io.quire.api.command;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Creates a topic whose id and replica placement were chosen by the leader.
 *
 * @param name the topic name, already validated against Kafka's naming rules
 * @param topicId the topic id, unique in the cluster
 * @param replicaAssignment for each partition, by index, the broker ids holding a replica; the first
 *     one is the preferred leader
 * @param configs topic-level configuration overrides
 */
public record CreateTopic(
        String name, UUID topicId, List<List<Integer>> replicaAssignment, Map<String, String> configs)
        implements MetadataCommand {

    public CreateTopic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topicId, "topicId");
        replicaAssignment = replicaAssignment.stream().map(List::copyOf).toList();
        configs = Map.copyOf(configs);
    }
}
