package io.quire.core.topics;

import io.quire.api.command.CreateTopic;
import io.quire.api.result.CommandResult;
import java.util.Optional;

/**
 * The outcome of one topic creation.
 *
 * @param command the command that was (or, for validate-only, would have been) written; empty when
 *     the request was refused before a command could be built
 */
public record TopicCreation(CommandResult result, Optional<CreateTopic> command) {

    static TopicCreation refused(CommandResult result) {
        return new TopicCreation(result, Optional.empty());
    }
}
