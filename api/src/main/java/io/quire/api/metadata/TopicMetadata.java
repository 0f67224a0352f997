package io.quire.api.metadata;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** A topic as the state machine holds it. */
public record TopicMetadata(
        String name, UUID topicId, List<PartitionMetadata> partitions, Map<String, String> configs) {

    public TopicMetadata {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topicId, "topicId");
        partitions = List.copyOf(partitions);
        configs = Map.copyOf(configs);
    }
}
