package io.quire.core.topics;

import io.quire.api.command.AlterTopicConfigs;
import io.quire.api.command.CreatePartitions;
import io.quire.api.command.CreateTopic;
import io.quire.api.command.DeleteTopic;
import io.quire.api.metadata.BrokerInfo;
import io.quire.api.metadata.PartitionMetadata;
import io.quire.api.metadata.TopicMetadata;
import io.quire.api.metadata.TopicNames;
import io.quire.api.result.CommandResult;
import io.quire.api.result.ErrorCode;
import io.quire.core.engine.MetadataEngine;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    /** What topics get when their creator leaves partitions or replication factor to the default. */
    public TopicDefaults defaults() {
        return defaults;
    }

    /**
     * Why a topic of that name cannot be created now (an illegal name, an existing topic, a name
     * colliding with an existing one), or empty. Kafka checks these before anything else about a
     * new topic, so front ends ask this before they check a topic's configs.
     */
    public Optional<CommandResult> checkNewName(String name) {
        Optional<String> invalid = TopicNames.invalidReason(name);
        if (invalid.isPresent()) {
            return Optional.of(CommandResult.failure(ErrorCode.INVALID_TOPIC, invalid.get()));
        }
        if (engine.view().topic(name).isPresent()) {
            return Optional.of(CommandResult.failure(ErrorCode.TOPIC_ALREADY_EXISTS, "Topic '" + name + "' already exists."));
        }
        return engine.view().topicCollidingWith(name).map(existing -> CommandResult.failure(ErrorCode.INVALID_TOPIC,
                "Topic '" + name + "' collides with existing topic: " + existing));
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

    /**
     * Grows a topic to {@code totalCount} partitions, or with {@code validateOnly} answers what
     * growing it would answer.
     *
     * @param assignments the replicas of each added partition, or empty to let the leader place them
     *     with the replication factor of the topic's first partition
     */
    public CompletableFuture<CommandResult> createPartitions(String name, int totalCount,
            Optional<List<List<Integer>>> assignments, boolean validateOnly) {
        CreatePartitions command;
        try {
            command = toCommand(name, totalCount, assignments);
        } catch (RefusedException e) {
            return CompletableFuture.completedFuture(e.result);
        }
        return validateOnly ? CompletableFuture.completedFuture(engine.validate(command)) : engine.write(command);
    }

    /**
     * Replaces the config overrides of a topic with {@code configs}, already validated against the
     * topic config definitions; with {@code validateOnly}, answers what replacing them would answer.
     *
     * @param from the topic as the caller saw it when it computed {@code configs}: the change is
     *     refused with {@link ErrorCode#STALE_COMMAND} if the topic's overrides are no longer those
     *     when it is applied, and the caller recomputes it
     */
    public CompletableFuture<CommandResult> alterConfigs(TopicMetadata from, Map<String, String> configs,
            boolean validateOnly) {
        AlterTopicConfigs command = new AlterTopicConfigs(from.name(), from.topicId(), Optional.of(from.configs()),
                configs);
        return validateOnly ? CompletableFuture.completedFuture(engine.validate(command)) : engine.write(command);
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
        Collection<BrokerInfo> brokers = engine.view().brokers();
        checkReplicationFactor(replicationFactor, brokers.size());
        return ReplicaPlacement.place(brokers, partitions, replicationFactor, ThreadLocalRandom.current());
    }

    private static void checkReplicationFactor(int replicationFactor, int brokers) throws RefusedException {
        if (replicationFactor > brokers) {
            throw new RefusedException(ErrorCode.INVALID_REPLICATION_FACTOR, "Unable to replicate the partition "
                    + replicationFactor + " time(s): The target replication factor of " + replicationFactor
                    + " cannot be reached because only " + brokers + " broker(s) are registered.");
        }
    }

    /** Kafka's checks of a partition increase, in Kafka's order and words. */
    private CreatePartitions toCommand(String name, int totalCount, Optional<List<List<Integer>>> assignments)
            throws RefusedException {
        TopicMetadata topic = engine.view().topic(name).orElseThrow(() -> new RefusedException(ErrorCode.UNKNOWN_TOPIC,
                "Topic '" + name + "' does not exist."));
        int current = topic.partitions().size();
        if (totalCount < current) {
            throw new RefusedException(ErrorCode.INVALID_PARTITIONS, "The topic " + name + " currently has " + current
                    + " partition(s); " + totalCount + " would not be an increase.");
        }
        if (totalCount == current) {
            throw new RefusedException(ErrorCode.INVALID_PARTITIONS, "Topic already has " + current + " partition(s).");
        }
        int added = totalCount - current;
        int replicationFactor = topic.partitions().get(0).replicas().size();
        Collection<BrokerInfo> brokers = engine.view().brokers();
        if (assignments.isPresent()) {
            checkAssignments(assignments.get(), added, replicationFactor, brokers.stream().map(BrokerInfo::id).toList());
            return new CreatePartitions(name, topic.topicId(), current, assignments.get());
        }
        checkReplicationFactor(replicationFactor, brokers.size());
        List<List<Integer>> existing = topic.partitions().stream().map(PartitionMetadata::replicas).toList();
        return new CreatePartitions(name, topic.topicId(), current,
                ReplicaPlacement.placeAfter(brokers, existing, added, replicationFactor, ThreadLocalRandom.current()));
    }

    private static void checkAssignments(List<List<Integer>> assignments, int added, int replicationFactor,
            List<Integer> brokerIds) throws RefusedException {
        if (assignments.size() != added) {
            throw new RefusedException(ErrorCode.INVALID_REPLICA_ASSIGNMENT, "Attempted to add " + added
                    + " additional partition(s), but only " + assignments.size() + " assignment(s) were specified.");
        }
        for (List<Integer> replicas : assignments) {
            if (replicas.isEmpty()) {
                throw new RefusedException(ErrorCode.INVALID_REPLICA_ASSIGNMENT,
                        "The manual partition assignment includes an empty replica list.");
            }
            Set<Integer> seen = new HashSet<>();
            for (int broker : replicas) {
                if (!brokerIds.contains(broker)) {
                    throw new RefusedException(ErrorCode.INVALID_REPLICA_ASSIGNMENT, "The manual partition assignment"
                            + " includes broker " + broker + ", but no such broker is registered.");
                }
                if (!seen.add(broker)) {
                    throw new RefusedException(ErrorCode.INVALID_REPLICA_ASSIGNMENT, "The manual partition assignment"
                            + " includes the broker " + broker + " more than once.");
                }
            }
            if (replicas.size() != replicationFactor) {
                throw new RefusedException(ErrorCode.INVALID_REPLICA_ASSIGNMENT, "The manual partition assignment"
                        + " includes a partition with " + replicas.size() + " replica(s), but this is not consistent"
                        + " with previous partitions, which have " + replicationFactor + " replica(s).");
            }
        }
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
