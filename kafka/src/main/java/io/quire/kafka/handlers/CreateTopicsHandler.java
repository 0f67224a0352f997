package io.quire.kafka.handlers;

import io.quire.api.command.CreateTopic;
import io.quire.api.result.CommandResult;
import io.quire.api.result.ErrorCode;
import io.quire.core.topics.NewTopic;
import io.quire.core.topics.TopicCreation;
import io.quire.core.topics.TopicService;
import io.quire.kafka.config.ConfigEntry;
import io.quire.kafka.config.TopicConfigs;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableReplicaAssignment;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicConfig;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicConfigs;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResultCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.Readable;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * Serves CreateTopics: each topic of the batch is its own command, so one bad topic does not fail
 * the others, and the commands of one batch share the WAL's group commit.
 */
final class CreateTopicsHandler implements ApiHandler {

    private final TopicService topics;

    CreateTopicsHandler(TopicService topics) {
        this.topics = topics;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CREATE_TOPICS;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestHeader header, Readable body) {
        CreateTopicsRequestData request = new CreateTopicsRequestData(body, header.apiVersion());
        Set<String> duplicated = duplicatedNames(request);
        List<CompletableFuture<CreatableTopicResult>> results = new ArrayList<>();
        for (CreatableTopic topic : request.topics()) {
            if (duplicated.contains(topic.name())) {
                continue;
            }
            results.add(Timeouts.expiredOnArrival(request.timeoutMs())
                    ? CompletableFuture.completedFuture(failed(topic.name(), Errors.REQUEST_TIMED_OUT,
                            Timeouts.expiredMessage(request.timeoutMs())))
                    : create(topic, request.validateOnly(), request.timeoutMs()));
        }
        // As Kafka's controller does: one result per duplicated name, after the others.
        for (String name : duplicated) {
            results.add(CompletableFuture.completedFuture(failed(name, Errors.INVALID_REQUEST, "Duplicate topic name.")));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(done -> {
            // Presized, as MetadataHandler's topics are: growing it costs time quadratic in the topics.
            CreateTopicsResponseData response = new CreateTopicsResponseData().setThrottleTimeMs(0)
                    .setTopics(new CreatableTopicResultCollection(results.size()));
            results.forEach(result -> response.topics().add(result.join()));
            return response;
        });
    }

    private CompletableFuture<CreatableTopicResult> create(CreatableTopic topic, boolean validateOnly, int timeoutMs) {
        Optional<CommandResult> refused = topics.checkNewName(topic.name()).or(() -> checkConfigs(topic));
        if (refused.isPresent()) {
            return CompletableFuture.completedFuture(
                    failed(topic.name(), KafkaErrors.of(refused.get().error()), refused.get().message()));
        }
        return topics.create(toNewTopic(topic), validateOnly)
                .thenApply(creation -> resultOf(topic.name(), creation))
                .completeOnTimeout(failed(topic.name(), Errors.REQUEST_TIMED_OUT,
                        "Topic creation did not complete within " + timeoutMs + " ms"), timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** Kafka checks the configs of a new topic after its name and before its partitions. */
    private static Optional<CommandResult> checkConfigs(CreatableTopic topic) {
        Map<String, String> configs = new HashMap<>();
        for (CreatableTopicConfig config : topic.configs()) {
            if (config.value() == null) {
                return Optional.of(CommandResult.failure(ErrorCode.INVALID_CONFIG,
                        "Null value not supported for topic configs: " + config.name()));
            }
            configs.put(config.name(), config.value());
        }
        return TopicConfigs.invalidReason(configs).map(reason -> CommandResult.failure(ErrorCode.INVALID_CONFIG, reason));
    }

    private static NewTopic toNewTopic(CreatableTopic topic) {
        Map<Integer, List<Integer>> assignment = new HashMap<>();
        for (CreatableReplicaAssignment partition : topic.assignments()) {
            assignment.put(partition.partitionIndex(), partition.brokerIds());
        }
        Map<String, String> configs = new HashMap<>();
        for (CreatableTopicConfig config : topic.configs()) {
            configs.put(config.name(), config.value());
        }
        return new NewTopic(topic.name(), topic.numPartitions(), topic.replicationFactor(), assignment, configs);
    }

    private static CreatableTopicResult resultOf(String name, TopicCreation creation) {
        CommandResult result = creation.result();
        if (!result.isSuccess()) {
            return failed(name, KafkaErrors.of(result.error()), result.message());
        }
        CreateTopic command = creation.command().orElseThrow();
        // As Kafka's controller does: every effective config of the new topic, sorted by name.
        List<CreatableTopicConfigs> configs = new ArrayList<>();
        TopicConfigs.describe(command.configs(), false).stream()
                .sorted(Comparator.comparing(ConfigEntry::name))
                .forEach(entry -> configs.add(new CreatableTopicConfigs()
                        .setName(entry.name())
                        .setValue(entry.value())
                        .setReadOnly(entry.readOnly())
                        .setConfigSource(entry.source().id())
                        .setIsSensitive(false)));
        return new CreatableTopicResult()
                .setName(name)
                .setTopicId(KafkaIds.toKafka(command.topicId()))
                .setErrorCode(Errors.NONE.code())
                .setNumPartitions(command.replicaAssignment().size())
                .setReplicationFactor((short) command.replicaAssignment().get(0).size())
                .setConfigs(configs);
    }

    private static CreatableTopicResult failed(String name, Errors error, String message) {
        return new CreatableTopicResult()
                .setName(name)
                .setErrorCode(error.code())
                .setErrorMessage(message)
                .setNumPartitions(-1)
                .setReplicationFactor((short) -1)
                .setConfigs(null);
    }

    private static Set<String> duplicatedNames(CreateTopicsRequestData request) {
        Set<String> seen = new LinkedHashSet<>();
        Set<String> duplicated = new LinkedHashSet<>();
        for (CreatableTopic topic : request.topics()) {
            if (!seen.add(topic.name())) {
                duplicated.add(topic.name());
            }
        }
        return duplicated;
    }
}
