package io.quire.kafka.handlers;

import io.quire.api.metadata.TopicMetadata;
import io.quire.api.result.CommandResult;
import io.quire.core.engine.MetadataEngine;
import io.quire.core.topics.TopicService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData.DeleteTopicState;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResultCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.Readable;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * Serves DeleteTopics, by name (all versions) or by topic id (version 6 and later), with the
 * request checks of Kafka's controller: a topic given by both name and id, by neither, twice, or
 * by a name whose id was also given, is refused with INVALID_REQUEST while the rest are deleted.
 */
final class DeleteTopicsHandler implements ApiHandler {

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
        Set<String> names = new LinkedHashSet<>();
        Set<String> duplicateNames = new LinkedHashSet<>();
        Set<Uuid> ids = new LinkedHashSet<>();
        Set<Uuid> duplicateIds = new LinkedHashSet<>();
        request.topicNames().forEach(name -> addOnce(name, names, duplicateNames));
        for (DeleteTopicState topic : request.topics()) {
            boolean hasId = !Uuid.ZERO_UUID.equals(topic.topicId());
            if (topic.name() == null && !hasId) {
                results.add(done(null, Uuid.ZERO_UUID, Errors.INVALID_REQUEST, "Neither topic name nor id were specified."));
            } else if (topic.name() == null) {
                addOnce(topic.topicId(), ids, duplicateIds);
            } else if (hasId) {
                results.add(done(topic.name(), topic.topicId(), Errors.INVALID_REQUEST,
                        "You may not specify both topic name and topic id."));
            } else {
                addOnce(topic.name(), names, duplicateNames);
            }
        }
        duplicateNames.forEach(name -> results.add(done(name, Uuid.ZERO_UUID, Errors.INVALID_REQUEST, "Duplicate topic name.")));
        duplicateIds.forEach(id -> results.add(done(null, id, Errors.INVALID_REQUEST, "Duplicate topic id.")));

        Map<Uuid, TopicMetadata> toDelete = new LinkedHashMap<>();
        for (Uuid id : ids) {
            Optional<TopicMetadata> topic = engine.view().topic(KafkaIds.fromKafka(id));
            if (topic.isEmpty()) {
                results.add(done(null, id, Errors.UNKNOWN_TOPIC_ID, "Topic with id " + id + " does not exist."));
            } else {
                toDelete.put(id, topic.get());
            }
        }
        for (String name : names) {
            Optional<TopicMetadata> topic = engine.view().topic(name);
            if (topic.isEmpty()) {
                results.add(done(name, Uuid.ZERO_UUID, Errors.UNKNOWN_TOPIC_OR_PARTITION,
                        "Topic '" + name + "' does not exist."));
                continue;
            }
            Uuid id = KafkaIds.toKafka(topic.get().topicId());
            if (toDelete.containsKey(id)) {
                toDelete.remove(id);
                results.add(done(name, id, Errors.INVALID_REQUEST,
                        "The provided topic name maps to an ID that was already supplied."));
            } else {
                toDelete.put(id, topic.get());
            }
        }
        toDelete.forEach((id, topic) -> results.add(delete(topic, id, request.timeoutMs())));
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(all -> {
            // Presized, as MetadataHandler's topics are: growing it costs time quadratic in the topics.
            DeleteTopicsResponseData response = new DeleteTopicsResponseData().setThrottleTimeMs(0)
                    .setResponses(new DeletableTopicResultCollection(results.size()));
            results.forEach(result -> response.responses().add(result.join()));
            return response;
        });
    }

    private CompletableFuture<DeletableTopicResult> delete(TopicMetadata topic, Uuid id, int timeoutMs) {
        if (Timeouts.expiredOnArrival(timeoutMs)) {
            return done(topic.name(), id, Errors.REQUEST_TIMED_OUT, Timeouts.expiredMessage(timeoutMs));
        }
        return topics.delete(topic.topicId())
                .thenApply(result -> resultOf(topic.name(), id, result))
                .completeOnTimeout(new DeletableTopicResult()
                        .setName(topic.name())
                        .setTopicId(id)
                        .setErrorCode(Errors.REQUEST_TIMED_OUT.code())
                        .setErrorMessage("Topic deletion did not complete within " + timeoutMs + " ms"),
                        timeoutMs, TimeUnit.MILLISECONDS);
    }

    private static <T> void addOnce(T value, Set<T> once, Set<T> duplicated) {
        if (duplicated.contains(value) || !once.add(value)) {
            duplicated.add(value);
            once.remove(value);
        }
    }

    private static DeletableTopicResult resultOf(String name, Uuid id, CommandResult result) {
        return new DeletableTopicResult()
                .setName(name)
                .setTopicId(id)
                .setErrorCode(KafkaErrors.of(result.error()).code())
                .setErrorMessage(result.message());
    }

    private static CompletableFuture<DeletableTopicResult> done(String name, Uuid id, Errors error, String message) {
        return CompletableFuture.completedFuture(new DeletableTopicResult()
                .setName(name)
                .setTopicId(id)
                .setErrorCode(error.code())
                .setErrorMessage(message));
    }
}
