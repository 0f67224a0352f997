package io.quire.kafka.handlers;

import io.quire.api.command.CreateTopic;
import io.quire.api.result.CommandResult;
import io.quire.core.topics.NewTopic;
import io.quire.core.topics.TopicCreation;
import io.quire.core.topics.TopicService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableReplicaAssignment;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicConfig;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicConfigs;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.Readable;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
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
                results.add(CompletableFuture.completedFuture(failed(topic.name(), Errors.INVALID_REQUEST,
                        "Create topics request from client `" + header.clientId()
                                + "` contains multiple entries for the following topics: " + String.join(", ", duplicated))));
                continue;
            }
            results.add(create(topic, request.validateOnly(), request.timeoutMs()));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(done -> {
            CreateTopicsResponseData response = new CreateTopicsResponseData().setThrottleTimeMs(0);
            results.forEach(result -> response.topics().add(result.join()));
            return response;
        });
    }

    private CompletableFuture<CreatableTopicResult> create(CreatableTopic topic, boolean validateOnly, int timeoutMs) {
        Optional<String> nullConfig = topic.configs().stream()
                .filter(config -> config.value() == null)
                .map(CreatableTopicConfig::name)
                .findFirst();
        if (nullConfig.isPresent()) {
            return CompletableFuture.completedFuture(failed(topic.name(), Errors.INVALID_CONFIG,
                    "Null value not supported for topic configs: " + nullConfig.get()));
        }
        CompletableFuture<CreatableTopicResult> result = topics.create(toNewTopic(topic), validateOnly)
                .thenApply(creation -> resultOf(topic.name(), creation));
        if (timeoutMs > 0) {
            result = result.completeOnTimeout(failed(topic.name(), Errors.REQUEST_TIMED_OUT,
                    "Topic creation did not complete within " + timeoutMs + " ms"), timeoutMs, TimeUnit.MILLISECONDS);
        }
        return result;
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
        List<CreatableTopicConfigs> configs = new ArrayList<>();
        command.configs().forEach((key, value) -> configs.add(new CreatableTopicConfigs()
                .setName(key)
                .setValue(value)
                .setReadOnly(false)
                .setConfigSource(ConfigSource.TOPIC_CONFIG.id())
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
        Set<String> seen = new TreeSet<>();
        Set<String> duplicated = new TreeSet<>();
        for (CreatableTopic topic : request.topics()) {
            if (!seen.add(topic.name())) {
                duplicated.add(topic.name());
            }
        }
        return duplicated;
    }
}
