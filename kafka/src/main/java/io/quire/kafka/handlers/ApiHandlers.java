package io.quire.kafka.handlers;

import io.quire.core.engine.MetadataEngine;
import io.quire.core.topics.TopicService;
import io.quire.kafka.config.BrokerConfigs;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;

/** The APIs this listener serves, by key. */
public final class ApiHandlers {

    private final Map<ApiKeys, ApiHandler> byKey = new EnumMap<>(ApiKeys.class);
    private final ApiVersionsHandler apiVersions;

    public ApiHandlers(MetadataEngine engine, TopicService topics, String clusterId, boolean autoCreateTopics) {
        BrokerConfigs brokerConfigs = new BrokerConfigs(engine.nodeId(), topics.defaults().partitions(),
                topics.defaults().replicationFactor(), autoCreateTopics);
        ConfigAlterations alterations = new ConfigAlterations(engine, topics);
        List<ApiHandler> served = List.of(
                new MetadataHandler(engine, clusterId, autoCreateTopics ? Optional.of(topics) : Optional.empty()),
                new CreateTopicsHandler(topics),
                new DeleteTopicsHandler(engine, topics),
                new CreatePartitionsHandler(topics),
                new DescribeConfigsHandler(engine, brokerConfigs),
                new AlterConfigsHandler(alterations),
                new IncrementalAlterConfigsHandler(alterations),
                new DescribeClusterHandler(engine, clusterId),
                new DescribeQuorumHandler(engine),
                new DescribeTopicPartitionsHandler(engine));
        apiVersions = new ApiVersionsHandler(served);
        byKey.put(apiVersions.apiKey(), apiVersions);
        served.forEach(handler -> byKey.put(handler.apiKey(), handler));
    }

    public Optional<ApiHandler> forKey(ApiKeys key) {
        return Optional.ofNullable(byKey.get(key));
    }

    /** The ApiVersions answer to a client that asked with a version this listener does not know. */
    public ApiVersionsResponseData unsupportedApiVersionsVersion() {
        return apiVersions.unsupportedVersion();
    }
}
