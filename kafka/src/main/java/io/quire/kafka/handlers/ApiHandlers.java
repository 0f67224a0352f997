package io.quire.kafka.handlers;

import io.quire.core.engine.MetadataEngine;
import io.quire.core.topics.TopicService;
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

    public ApiHandlers(MetadataEngine engine, TopicService topics, String clusterId) {
        List<ApiHandler> served = List.of(
                new MetadataHandler(engine, clusterId),
                new CreateTopicsHandler(topics),
                new DeleteTopicsHandler(engine, topics),
                new DescribeClusterHandler(engine, clusterId));
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
