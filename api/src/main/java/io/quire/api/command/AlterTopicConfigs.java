package io.quire.api.command;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Replaces a topic's configuration overrides.
 *
 * <p>The command carries the complete resulting map, not the operations that produced it, so that
 * applying it is the same on every node whatever the order in which the leader computed it.
 *
 * @param name the topic name
 * @param topicId the topic id, so that the command never changes a later topic of the same name
 * @param configs every override the topic has afterwards; keys absent here take their defaults
 */
public record AlterTopicConfigs(String name, UUID topicId, Map<String, String> configs) implements MetadataCommand {

    public AlterTopicConfigs {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topicId, "topicId");
        configs = Map.copyOf(configs);
    }
}
