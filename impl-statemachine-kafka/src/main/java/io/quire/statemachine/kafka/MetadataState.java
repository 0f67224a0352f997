package io.quire.statemachine.kafka;

import io.quire.api.metadata.BrokerInfo;
import io.quire.api.metadata.TopicMetadata;
import io.quire.api.metadata.TopicNames;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The plain, single-threaded state: topics by name and id, names by collision key, brokers. The
 * state machine guards it with a lock; the snapshot codec reads and builds it.
 */
final class MetadataState {

    final TreeMap<String, TopicMetadata> topicsByName = new TreeMap<>();
    final Map<UUID, TopicMetadata> topicsById = new HashMap<>();
    final Map<String, String> namesByCollisionKey = new HashMap<>();
    final TreeMap<Integer, BrokerInfo> brokers = new TreeMap<>();

    void putTopic(TopicMetadata topic) {
        topicsByName.put(topic.name(), topic);
        topicsById.put(topic.topicId(), topic);
        namesByCollisionKey.put(TopicNames.collisionKey(topic.name()), topic.name());
    }

    void removeTopic(TopicMetadata topic) {
        topicsByName.remove(topic.name());
        topicsById.remove(topic.topicId());
        namesByCollisionKey.remove(TopicNames.collisionKey(topic.name()));
    }

    void putBroker(BrokerInfo broker) {
        brokers.put(broker.id(), broker);
    }
}
