package io.quire.statemachine.kafka;

import io.quire.api.command.AlterTopicConfigs;
import io.quire.api.command.CreatePartitions;
import io.quire.api.command.CreateTopic;
import io.quire.api.command.DeleteTopic;
import io.quire.api.metadata.TopicMetadata;
import io.quire.api.metadata.TopicNames;
import io.quire.api.result.CommandResult;
import io.quire.api.result.ErrorCode;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/** Whether a command may be applied to a state: the same answer on every node. */
final class CommandRules {

    private CommandRules() {}

    static CommandResult check(MetadataState state, CreateTopic create) {
        Optional<String> invalidName = TopicNames.invalidReason(create.name());
        if (invalidName.isPresent()) {
            return CommandResult.failure(ErrorCode.INVALID_TOPIC, invalidName.get());
        }
        if (state.topicsByName.containsKey(create.name())) {
            return CommandResult.failure(ErrorCode.TOPIC_ALREADY_EXISTS,
                    "Topic '" + create.name() + "' already exists.");
        }
        String colliding = state.namesByCollisionKey.get(TopicNames.collisionKey(create.name()));
        if (colliding != null) {
            return CommandResult.failure(ErrorCode.INVALID_TOPIC, "Topic '" + create.name()
                    + "' collides with existing topic: " + colliding);
        }
        if (state.topicsById.containsKey(create.topicId())) {
            return CommandResult.failure(ErrorCode.INVALID_REQUEST,
                    "Topic id " + create.topicId() + " is already in use.");
        }
        if (create.replicaAssignment().isEmpty()) {
            return CommandResult.failure(ErrorCode.INVALID_PARTITIONS, "A topic needs at least one partition.");
        }
        for (int partition = 0; partition < create.replicaAssignment().size(); partition++) {
            CommandResult replicas = checkReplicas(state, partition, create.replicaAssignment().get(partition));
            if (!replicas.isSuccess()) {
                return replicas;
            }
        }
        return CommandResult.OK;
    }

    static CommandResult check(MetadataState state, DeleteTopic delete) {
        TopicMetadata existing = state.topicsByName.get(delete.name());
        if (existing == null || !existing.topicId().equals(delete.topicId())) {
            return CommandResult.failure(ErrorCode.UNKNOWN_TOPIC,
                    "Topic '" + delete.name() + "' with id " + delete.topicId() + " does not exist.");
        }
        return CommandResult.OK;
    }

    static CommandResult check(MetadataState state, CreatePartitions create) {
        TopicMetadata existing = state.topicsByName.get(create.name());
        if (existing == null || !existing.topicId().equals(create.topicId())) {
            return CommandResult.failure(ErrorCode.UNKNOWN_TOPIC,
                    "Topic '" + create.name() + "' with id " + create.topicId() + " does not exist.");
        }
        int current = existing.partitions().size();
        if (current != create.existingPartitions()) {
            // Another CreatePartitions got there first: this one was decided against an older count.
            int requested = create.existingPartitions() + create.newPartitions().size();
            return CommandResult.failure(ErrorCode.INVALID_PARTITIONS, requested == current
                    ? "Topic already has " + current + " partition(s)."
                    : "The topic " + create.name() + " currently has " + current + " partition(s); " + requested
                            + " would not be an increase.");
        }
        if (create.newPartitions().isEmpty()) {
            return CommandResult.failure(ErrorCode.INVALID_PARTITIONS, "Topic already has " + current + " partition(s).");
        }
        for (int i = 0; i < create.newPartitions().size(); i++) {
            CommandResult replicas = checkReplicas(state, current + i, create.newPartitions().get(i));
            if (!replicas.isSuccess()) {
                return replicas;
            }
        }
        return CommandResult.OK;
    }

    static CommandResult check(MetadataState state, AlterTopicConfigs alter) {
        TopicMetadata existing = state.topicsByName.get(alter.name());
        if (existing == null || !existing.topicId().equals(alter.topicId())) {
            return CommandResult.failure(ErrorCode.UNKNOWN_TOPIC,
                    "Topic '" + alter.name() + "' with id " + alter.topicId() + " does not exist.");
        }
        if (alter.expectedConfigs().filter(expected -> !expected.equals(existing.configs())).isPresent()) {
            // Another change of these overrides got there first: this one was computed from older ones.
            return CommandResult.failure(ErrorCode.STALE_COMMAND, "The configs of topic '" + alter.name()
                    + "' changed after this change was computed from them.");
        }
        return CommandResult.OK;
    }

    private static CommandResult checkReplicas(MetadataState state, int partition, List<Integer> replicas) {
        if (replicas.isEmpty()) {
            return CommandResult.failure(ErrorCode.INVALID_REPLICA_ASSIGNMENT,
                    "Partition " + partition + " has no replicas.");
        }
        if (new HashSet<>(replicas).size() != replicas.size()) {
            return CommandResult.failure(ErrorCode.INVALID_REPLICA_ASSIGNMENT,
                    "Partition " + partition + " lists a broker twice: " + replicas);
        }
        for (int broker : replicas) {
            if (!state.brokers.containsKey(broker)) {
                return CommandResult.failure(ErrorCode.INVALID_REPLICA_ASSIGNMENT,
                        "Partition " + partition + " names broker " + broker + ", which is not registered.");
            }
        }
        return CommandResult.OK;
    }
}
