package io.quire.core.topics;

import io.quire.api.command.CreateTopic;
import io.quire.api.command.DeleteTopic;
import io.quire.api.metadata.BrokerInfo;
import io.quire.api.metadata.TopicMetadata;
import io.quire.api.result.CommandResult;
import io.quire.api.result.ErrorCode;
import io.quire.core.engine.MetadataEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Turns topic requests into commands: resolves defaults, checks partition counts and replication
 * factors against the registered brokers, picks the topic id and the replica placement, then writes
 * the command through the engine.
 */
public final class TopicService {

    private final MetadataEngine engine;
    private final TopicDefaults defaults;

    public TopicService(MetadataEngine engine, TopicDefaults defaults) {
        this.engine = engine;
        this.defaults = defaults;
    }

    /** Creates a topic, or with {@code validateOnly} answers what creating it would answer. */
    public CompletableFuture<TopicCreation> create(NewTopic request, boolean validateOnly) {
        CreateTopic command;
        try {
            command = toCommand(request);
        } catch (RefusedException e) {
            return CompletableFuture.completedFuture(TopicCreation.refused(e.result));
        }
        if (validateOnly) {
            return CompletableFuture.completedFuture(new TopicCreation(engine.validate(command), Optional.of(command)));
        }
        return engine.write(command).thenApply(result -> new TopicCreation(result, Optional.of(command)));
    }

    /** Deletes the topic of that name. */
    public CompletableFuture<CommandResult> delete(String name) {
        return delete(engine.view().topic(name), "Topic '" + name + "'");
    }

    /** Deletes the topic of that id. */
    public CompletableFuture<CommandResult> delete(UUID topicId) {
        return delete(engine.view().topic(topicId), "Topic with id " + topicId);
    }

    private CompletableFuture<CommandResult> delete(Optional<TopicMetadata> topic, String what) {
        if (topic.isEmpty()) {
            return CompletableFuture.completedFuture(
                    CommandResult.failure(ErrorCode.UNKNOWN_TOPIC, what + " does not exist."));
        }
        return engine.write(new DeleteTopic(topic.get().name(), topic.get().topicId()));
    }

    private CreateTopic toCommand(NewTopic request) throws RefusedException {
        List<List<Integer>> assignment = request.replicaAssignment().isEmpty()
                ? placed(request)
                : explicit(request);
        return new CreateTopic(request.name(), UUID.randomUUID(), assignment, request.configs());
    }

    private List<List<Integer>> placed(NewTopic request) throws RefusedException {
        int partitions = request.numPartitions() == NewTopic.DEFAULT ? defaults.partitions() : request.numPartitions();
        int replicationFactor = request.replicationFactor() == NewTopic.DEFAULT
                ? defaults.replicationFactor()
                : request.replicationFactor();
        if (partitions <= 0) {
            throw new RefusedException(ErrorCode.INVALID_PARTITIONS,
                    "Number of partitions was set to an invalid non-positive value.");
        }
        if (replicationFactor <= 0) {
            throw new RefusedException(ErrorCode.INVALID_REPLICATION_FACTOR,
                    "Replication factor must be larger than 0, or -1 to use the default value.");
        }
        List<Integer> brokerIds = engine.view().brokers().stream().map(BrokerInfo::id).toList();
        if (replicationFactor > brokerIds.size()) {
            throw new RefusedException(ErrorCode.INVALID_REPLICATION_FACTOR, "Unable to replicate the partition "
                    + replicationFactor + " time(s): The target replication factor of " + replicationFactor
                    + " cannot be reached because only " + brokerIds.size() + " broker(s) are registered.");
        }
        int start = ThreadLocalRandom.current().nextInt(brokerIds.size());
        return ReplicaPlacement.assign(brokerIds, partitions, replicationFactor, start);
    }

    private static List<List<Integer>> explicit(NewTopic request) throws RefusedException {
        if (request.numPartitions() != NewTopic.DEFAULT || request.replicationFactor() != NewTopic.DEFAULT) {
            throw new RefusedException(ErrorCode.INVALID_REQUEST, "Both numPartitions or replicationFactor and"
                    + " replicasAssignments were set. Both cannot be used at the same time.");
        }
        Map<Integer, List<Integer>> byPartition = request.replicaAssignment();
        List<List<Integer>> assignment = new ArrayList<>(byPartition.size());
        for (int partition = 0; partition < byPartition.size(); partition++) {
            List<Integer> replicas = byPartition.get(partition);
            if (replicas == null) {
                throw new RefusedException(ErrorCode.INVALID_REPLICA_ASSIGNMENT,
                        "Partitions should be consecutive and start from 0; partition " + partition + " is missing.");
            }
            assignment.add(replicas);
        }
        return assignment;
    }

    /** A request refused before any command was built. */
    private static final class RefusedException extends Exception {

        private static final long serialVersionUID = 1L;

        private final transient CommandResult result;

        RefusedException(ErrorCode error, String message) {
            super(message, null, false, false);
            this.result = CommandResult.failure(error, message);
        }
    }
}
