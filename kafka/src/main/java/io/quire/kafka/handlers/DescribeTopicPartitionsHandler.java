package io.quire.kafka.handlers;

import io.quire.api.metadata.MetadataView;
import io.quire.api.metadata.PartitionMetadata;
import io.quire.api.metadata.TopicMetadata;
import io.quire.api.metadata.TopicNames;
import io.quire.core.engine.MetadataEngine;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData.Cursor;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponsePartition;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.Readable;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.utils.Utils;

/**
 * Serves DescribeTopicPartitions (KIP-966) as Kafka 4.4's broker does: topics sorted by name from
 * the cursor on, at most {@code responsePartitionLimit} partitions (capped by Kafka's default
 * {@code max.request.partition.size.limit}), and a next cursor where the answer stops.
 */
final class DescribeTopicPartitionsHandler implements ApiHandler {

    /** Kafka's default of max.request.partition.size.limit. */
    static final int MAX_PARTITIONS_PER_RESPONSE = 2000;

    /** What a topic allows when no authorizer is configured: every operation a topic supports. */
    private static final int TOPIC_OPERATIONS = Utils.to32BitField(Set.of(AclOperation.READ.code(),
            AclOperation.WRITE.code(), AclOperation.CREATE.code(), AclOperation.DELETE.code(), AclOperation.ALTER.code(),
            AclOperation.DESCRIBE.code(), AclOperation.DESCRIBE_CONFIGS.code(), AclOperation.ALTER_CONFIGS.code()));

    private final MetadataEngine engine;

    DescribeTopicPartitionsHandler(MetadataEngine engine) {
        this.engine = engine;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_TOPIC_PARTITIONS;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestHeader header, Readable body) {
        DescribeTopicPartitionsRequestData request = new DescribeTopicPartitionsRequestData(body, header.apiVersion());
        MetadataView view = engine.view();
        Cursor cursor = request.cursor();
        String from = cursor == null ? "" : cursor.topicName();
        boolean allTopics = request.topics().isEmpty();
        Set<String> names = new TreeSet<>();
        if (allTopics) {
            view.topics().forEach(topic -> names.add(topic.name()));
        } else {
            request.topics().forEach(topic -> names.add(topic.name()));
        }
        names.removeIf(name -> name.compareTo(from) < 0);
        if (!allTopics && cursor != null && !names.contains(cursor.topicName())) {
            // The cursor's topic must be among the requested ones.
            return refused(request);
        }
        if (cursor != null && cursor.partitionIndex() < 0) {
            // The cursor's partition index must be valid.
            return refused(request);
        }
        DescribeTopicPartitionsResponseData response = new DescribeTopicPartitionsResponseData().setThrottleTimeMs(0);
        int remaining = Math.max(Math.min(MAX_PARTITIONS_PER_RESPONSE, request.responsePartitionLimit()), 1);
        for (String name : names) {
            if (remaining == 0) {
                response.setNextCursor(new DescribeTopicPartitionsResponseData.Cursor().setTopicName(name).setPartitionIndex(0));
                break;
            }
            Optional<TopicMetadata> topic = view.topic(name);
            if (topic.isEmpty()) {
                if (!allTopics) {
                    Errors error = TopicNames.invalidReason(name).isPresent()
                            ? Errors.INVALID_TOPIC_EXCEPTION
                            : Errors.UNKNOWN_TOPIC_OR_PARTITION;
                    response.topics().add(new DescribeTopicPartitionsResponseTopic().setErrorCode(error.code())
                            .setName(name).setTopicId(Uuid.ZERO_UUID).setIsInternal(false)
                            .setTopicAuthorizedOperations(TOPIC_OPERATIONS));
                }
                continue;
            }
            int start = cursor != null && name.equals(cursor.topicName()) ? cursor.partitionIndex() : 0;
            List<PartitionMetadata> partitions = topic.get().partitions();
            int end = (int) Math.min(partitions.size(), (long) start + remaining);
            DescribeTopicPartitionsResponseTopic described = new DescribeTopicPartitionsResponseTopic()
                    .setErrorCode(Errors.NONE.code())
                    .setName(name)
                    .setTopicId(KafkaIds.toKafka(topic.get().topicId()))
                    .setIsInternal(false)
                    .setTopicAuthorizedOperations(TOPIC_OPERATIONS);
            for (int index = start; index < end; index++) {
                described.partitions().add(partition(partitions.get(index)));
            }
            response.topics().add(described);
            remaining -= Math.max(end - start, 0);
            if (end < partitions.size()) {
                response.setNextCursor(new DescribeTopicPartitionsResponseData.Cursor().setTopicName(name)
                        .setPartitionIndex(end));
                break;
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    private static DescribeTopicPartitionsResponsePartition partition(PartitionMetadata partition) {
        return new DescribeTopicPartitionsResponsePartition()
                .setErrorCode(Errors.NONE.code())
                .setPartitionIndex(partition.partition())
                .setLeaderId(partition.leader())
                .setLeaderEpoch(partition.leaderEpoch())
                .setReplicaNodes(partition.replicas())
                .setIsrNodes(partition.isr())
                .setEligibleLeaderReplicas(List.of())
                .setLastKnownElr(List.of())
                .setOfflineReplicas(List.of());
    }

    /**
     * Kafka answers an invalid request with INVALID_REQUEST on every requested topic (the response
     * has no field for a message).
     */
    private static CompletableFuture<ApiMessage> refused(DescribeTopicPartitionsRequestData request) {
        DescribeTopicPartitionsResponseData response = new DescribeTopicPartitionsResponseData().setThrottleTimeMs(0);
        request.topics().forEach(topic -> response.topics().add(new DescribeTopicPartitionsResponseTopic()
                .setErrorCode(Errors.INVALID_REQUEST.code())
                .setName(topic.name())
                .setTopicId(Uuid.ZERO_UUID)));
        return CompletableFuture.completedFuture(response);
    }
}
