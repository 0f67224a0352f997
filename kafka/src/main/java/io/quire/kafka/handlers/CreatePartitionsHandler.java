package io.quire.kafka.handlers;

import io.quire.core.topics.TopicService;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsAssignment;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.Readable;
import org.apache.kafka.common.requests.RequestHeader;

/** Serves CreatePartitions: each topic of the batch grows by its own command. */
final class CreatePartitionsHandler implements ApiHandler {

    private final TopicService topics;

    CreatePartitionsHandler(TopicService topics) {
        this.topics = topics;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CREATE_PARTITIONS;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestHeader header, Readable body) {
        CreatePartitionsRequestData request = new CreatePartitionsRequestData(body, header.apiVersion());
        Set<String> seen = new LinkedHashSet<>();
        Set<String> duplicated = new LinkedHashSet<>();
        request.topics().forEach(topic -> {
            if (!seen.add(topic.name())) {
                duplicated.add(topic.name());
            }
        });
        List<CompletableFuture<CreatePartitionsTopicResult>> results = new ArrayList<>();
        for (CreatePartitionsTopic topic : request.topics()) {
            if (!duplicated.contains(topic.name())) {
                results.add(grow(topic, request.validateOnly(), request.timeoutMs()));
            }
        }
        duplicated.forEach(name -> results.add(
                CompletableFuture.completedFuture(result(name, Errors.INVALID_REQUEST, "Duplicate topic name."))));
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(all -> {
            CreatePartitionsResponseData response = new CreatePartitionsResponseData().setThrottleTimeMs(0);
            results.forEach(result -> response.results().add(result.join()));
            return response;
        });
    }

    private CompletableFuture<CreatePartitionsTopicResult> grow(CreatePartitionsTopic topic, boolean validateOnly,
            int timeoutMs) {
        if (Timeouts.expiredOnArrival(timeoutMs)) {
            return CompletableFuture.completedFuture(
                    result(topic.name(), Errors.REQUEST_TIMED_OUT, Timeouts.expiredMessage(timeoutMs)));
        }
        Optional<List<List<Integer>>> assignments = Optional.ofNullable(topic.assignments())
                .map(list -> list.stream().map(CreatePartitionsAssignment::brokerIds).toList());
        return topics.createPartitions(topic.name(), topic.count(), assignments, validateOnly)
                .thenApply(outcome -> outcome.isSuccess()
                        ? result(topic.name(), Errors.NONE, null)
                        : result(topic.name(), KafkaErrors.of(outcome.error()), outcome.message()))
                .completeOnTimeout(result(topic.name(), Errors.REQUEST_TIMED_OUT,
                        "Partition creation did not complete within " + timeoutMs + " ms"), timeoutMs, TimeUnit.MILLISECONDS);
    }

    private static CreatePartitionsTopicResult result(String name, Errors error, String message) {
        return new CreatePartitionsTopicResult().setName(name).setErrorCode(error.code()).setErrorMessage(message);
    }
}
