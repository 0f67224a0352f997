package io.quire.api.command;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Replaces a topic's configuration overrides.
 *
 * <p>The command carries the complete resulting map, not the operations that produced it, so that
 * applying it is the same on every node whatever the order in which the leader computed it. It
 * also carries the map it was computed from: two requests that each add one key to the same
 * overrides must not both apply, or the second would silently drop the first's key; the second is
 * refused when it reaches overrides that have changed, and its front end recomputes it.
 *
 * @param name the topic name
 * @param topicId the topic id, so that the command never changes a later topic of the same name
 * @param expectedConfigs the overrides the topic must have when the command is applied; empty only
 *     in commands written before the expectation existed (serializer format version 1), which apply
 *     unconditionally as they did then
 * @param configs every override the topic has afterwards; keys absent here take their defaults
 */
public record AlterTopicConfigs(String name, UUID topicId, Optional<Map<String, String>> expectedConfigs,
        Map<String, String> configs) implements MetadataCommand {

    public AlterTopicConfigs {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topicId, "topicId");
        expectedConfigs = expectedConfigs.map(Map::copyOf);
        configs = Map.copyOf(configs);
    }
}
