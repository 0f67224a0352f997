package io.quire.kafka.server;

import java.util.Objects;

/**
 * How the Kafka listener binds and what it tells clients.
 *
 * @param host the address to bind
 * @param port the port to bind; 0 picks a free one
 * @param maxFrameBytes the largest request accepted; a larger one closes its connection
 * @param clusterId the cluster id reported in Metadata and DescribeCluster responses
 * @param autoCreateTopics Kafka's {@code auto.create.topics.enable}: whether a Metadata request
 *     that allows it creates the topics it names that do not exist
 */
public record KafkaListenerConfig(String host, int port, int maxFrameBytes, String clusterId, boolean autoCreateTopics) {

    /** A listener that never creates topics on Metadata requests (Quire's default). */
    public KafkaListenerConfig(String host, int port, int maxFrameBytes, String clusterId) {
        this(host, port, maxFrameBytes, clusterId, false);
    }

    public KafkaListenerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(clusterId, "clusterId");
        if (maxFrameBytes < 64) {
            throw new IllegalArgumentException("maxFrameBytes too small: " + maxFrameBytes);
        }
    }
}
