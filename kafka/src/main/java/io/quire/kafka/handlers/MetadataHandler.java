package io.quire.kafka.handlers;

import io.quire.api.metadata.BrokerInfo;
import io.quire.api.metadata.MetadataView;
import io.quire.api.metadata.PartitionMetadata;
import io.quire.api.metadata.TopicMetadata;
import io.quire.api.metadata.TopicNames;
import io.quire.core.engine.MetadataEngine;
import io.quire.core.topics.NewTopic;
import io.quire.core.topics.TopicService;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataRequestData.MetadataRequestTopic;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBroker;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopicCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.Readable;
import org.apache.kafka.common.requests.RequestHeader;

/** Serves Metadata from this node's own state: brokers, the controller (the leader) and topics. */
final class MetadataHandler implements ApiHandler {

    /** The first version whose topics carry a topic id. */
    private static final short TOPIC_ID_VERSION = 10;
    /** The first version whose response may carry a null topic name, so may look topics up by id alone. */
    private static final short LOOKUP_BY_ID_VERSION = 12;

    private final MetadataEngine engine;
    private final String clusterId;
    /** Present when {@code auto.create.topics.enable} is on: creates the missing topics a request names. */
    private final Optional<TopicService> autoCreator;

    MetadataHandler(MetadataEngine engine, String clusterId, Optional<TopicService> autoCreator) {
        this.engine = engine;
        this.clusterId = clusterId;
        this.autoCreator = autoCreator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.METADATA;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestHeader header, Readable body) {
        short version = header.apiVersion();
        MetadataRequestData request = new MetadataRequestData(body, version);
        MetadataView view = engine.view();
        MetadataResponseData response = new MetadataResponseData()
                .setThrottleTimeMs(0)
                .setClusterId(clusterId)
                .setControllerId(ClusterFacts.controllerId(engine));
        for (BrokerInfo broker : view.brokers()) {
            response.brokers().add(new MetadataResponseBroker()
                    .setNodeId(broker.id())
                    .setHost(broker.host())
                    .setPort(broker.port())
                    .setRack(broker.rack()));
        }
        // Version 0 cannot send a null list: there an empty list asks for every topic.
        if (request.topics() == null || (version == 0 && request.topics().isEmpty())) {
            // Presized: grown one resize at a time, Kafka's hash collection rehashes names such as
            // topic-1, topic-2 ... into long probe runs, and 50,000 topics took 39 s instead of 0.2 s.
            response.setTopics(new MetadataResponseTopicCollection(view.topics().size()));
            view.topics().forEach(topic -> response.topics().add(describe(topic, version)));
        } else {
            response.setTopics(new MetadataResponseTopicCollection(request.topics().size()));
            for (MetadataRequestTopic requested : request.topics()) {
                response.topics().add(autoCreatable(view, requested, request.allowAutoTopicCreation())
                        ? autoCreate(requested.name())
                        : lookUp(view, requested, version));
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    /** Whether this request makes this node create the topic it names, as Kafka's broker decides. */
    private boolean autoCreatable(MetadataView view, MetadataRequestTopic requested, boolean allowedByRequest) {
        return autoCreator.isPresent() && allowedByRequest && requested.name() != null
                && TopicNames.invalidReason(requested.name()).isEmpty() && view.topic(requested.name()).isEmpty();
    }

    /**
     * Starts creating the topic with the default partitions and replication factor, and answers as
     * Kafka does while the creation is under way: LEADER_NOT_AVAILABLE, so that the client asks again.
     * A creation that fails (another client created the topic first) changes nothing for this answer.
     */
    private MetadataResponseTopic autoCreate(String name) {
        autoCreator.orElseThrow().create(new NewTopic(name, NewTopic.DEFAULT, NewTopic.DEFAULT, Map.of(), Map.of()), false);
        return missing(name, Uuid.ZERO_UUID, Errors.LEADER_NOT_AVAILABLE);
    }

    private static MetadataResponseTopic lookUp(MetadataView view, MetadataRequestTopic requested, short version) {
        if (requested.name() == null && version < LOOKUP_BY_ID_VERSION) {
            // As Kafka does: these versions cannot answer with a null name, so refuse with an empty one.
            return missing("", requested.topicId() == null ? Uuid.ZERO_UUID : requested.topicId(),
                    Errors.INVALID_REQUEST);
        }
        if (requested.name() == null) {
            Uuid id = requested.topicId();
            Optional<TopicMetadata> topic = id == null || id.equals(Uuid.ZERO_UUID)
                    ? Optional.empty()
                    : view.topic(KafkaIds.fromKafka(id));
            return topic.map(t -> describe(t, version))
                    .orElseGet(() -> missing(null, id == null ? Uuid.ZERO_UUID : id, Errors.UNKNOWN_TOPIC_ID));
        }
        if (TopicNames.invalidReason(requested.name()).isPresent()) {
            return missing(requested.name(), Uuid.ZERO_UUID, Errors.INVALID_TOPIC_EXCEPTION);
        }
        return view.topic(requested.name())
                .map(t -> describe(t, version))
                .orElseGet(() -> missing(requested.name(), Uuid.ZERO_UUID, Errors.UNKNOWN_TOPIC_OR_PARTITION));
    }

    private static MetadataResponseTopic missing(String name, Uuid id, Errors error) {
        return new MetadataResponseTopic()
                .setErrorCode(error.code())
                .setName(name)
                .setTopicId(id)
                .setIsInternal(false);
    }

    private static MetadataResponseTopic describe(TopicMetadata topic, short version) {
        MetadataResponseTopic described = new MetadataResponseTopic()
                .setErrorCode(Errors.NONE.code())
                .setName(topic.name())
                .setIsInternal(false);
        if (version >= TOPIC_ID_VERSION) {
            described.setTopicId(KafkaIds.toKafka(topic.topicId()));
        }
        for (PartitionMetadata partition : topic.partitions()) {
            described.partitions().add(new MetadataResponsePartition()
                    .setErrorCode(Errors.NONE.code())
                    .setPartitionIndex(partition.partition())
                    .setLeaderId(partition.leader())
                    .setLeaderEpoch(partition.leaderEpoch())
                    .setReplicaNodes(partition.replicas())
                    .setIsrNodes(partition.isr())
                    .setOfflineReplicas(List.of()));
        }
        return described;
    }
}
