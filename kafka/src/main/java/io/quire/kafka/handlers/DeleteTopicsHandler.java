package io.quire.kafka.handlers;

import io.quire.api.metadata.TopicMetadata;
import io.quire.api.result.CommandResult;
import io.quire.api.result.ErrorCode;
import io.quire.core.engine.MetadataEngine;
import io.quire.core.topics.TopicService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData.DeleteTopicState;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.Readable;
import org.apache.kafka.common.requests.RequestHeader;

/** Serves DeleteTopics, by name (all versions) or by topic id (version 6 and later). */
final class DeleteTopicsHandler implements ApiHandler {

    /** The first version that names topics by state (name or id) instead of by name alone. */
    private static final short TOPIC_STATE_VERSION = 6;

    private final MetadataEngine engine;
    private final TopicService topics;

    DeleteTopicsHandler(MetadataEngine engine, TopicService topics) {
        this.engine = engine;
        this.topics = topics;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_TOPICS;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestHeader header, Readable body) {
        DeleteTopicsRequestData request = new DeleteTopicsRequestData(body, header.apiVersion());
        List<CompletableFuture<DeletableTopicResult>> results = new ArrayList<>();
        if (header.apiVersion() < TOPIC_STATE_VERSION) {
            request.topicNames().forEach(name -> results.add(deleteByName(name, request.timeoutMs())));
        } else {
            for (DeleteTopicState topic : request.topics()) {
                results.add(topic.name() != null
                        ? deleteByName(topic.name(), request.timeoutMs())
                        : deleteById(topic.topicId(), request.timeoutMs()));
            }
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(done -> {
            DeleteTopicsResponseData response = new DeleteTopicsResponseData().setThrottleTimeMs(0);
            results.forEach(result -> response.responses().add(result.join()));
            return response;
        });
    }

    private CompletableFuture<DeletableTopicResult> deleteByName(String name, int timeoutMs) {
        Uuid id = engine.view().topic(name).map(TopicMetadata::topicId).map(KafkaIds::toKafka).orElse(Uuid.ZERO_UUID);
        return withTimeout(topics.delete(name).thenApply(result -> resultOf(name, id, result, Errors.UNKNOWN_TOPIC_OR_PARTITION)),
                name, id, timeoutMs);
    }

    private CompletableFuture<DeletableTopicResult> deleteById(Uuid id, int timeoutMs) {
        Optional<String> name = engine.view().topic(KafkaIds.fromKafka(id)).map(TopicMetadata::name);
        return withTimeout(topics.delete(KafkaIds.fromKafka(id))
                .thenApply(result -> resultOf(name.orElse(null), id, result, Errors.UNKNOWN_TOPIC_ID)),
                name.orElse(null), id, timeoutMs);
    }

    private static CompletableFuture<DeletableTopicResult> withTimeout(CompletableFuture<DeletableTopicResult> result,
            String name, Uuid id, int timeoutMs) {
        if (timeoutMs <= 0) {
            return result;
        }
        return result.completeOnTimeout(new DeletableTopicResult()
                .setName(name)
                .setTopicId(id)
                .setErrorCode(Errors.REQUEST_TIMED_OUT.code())
                .setErrorMessage("Topic deletion did not complete within " + timeoutMs + " ms"),
                timeoutMs, TimeUnit.MILLISECONDS);
    }

    private static DeletableTopicResult resultOf(String name, Uuid id, CommandResult result, Errors unknown) {
        Errors error = result.error() == ErrorCode.UNKNOWN_TOPIC ? unknown : KafkaErrors.of(result.error());
        return new DeletableTopicResult()
                .setName(name)
                .setTopicId(id)
                .setErrorCode(error.code())
                .setErrorMessage(result.message());
    }
}
