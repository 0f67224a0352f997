package io.quire.api.command;

import java.util.Objects;
import java.util.UUID;

/**
 * Deletes a topic. Both the name and the id are given so that a delete that was decided against
 * one incarnation of a topic never removes a later topic of the same name.
 */
public record DeleteTopic(String name, UUID topicId) implements MetadataCommand {

    public DeleteTopic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topicId, "topicId");
    }
}
