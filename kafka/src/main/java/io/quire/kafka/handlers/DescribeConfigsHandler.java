package io.quire.kafka.handlers;

import io.quire.api.metadata.TopicMetadata;
import io.quire.api.metadata.TopicNames;
import io.quire.core.engine.MetadataEngine;
import io.quire.kafka.config.BrokerConfigs;
import io.quire.kafka.config.ConfigEntry;
import io.quire.kafka.config.TopicConfigs;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsSynonym;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.Readable;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * Serves DescribeConfigs for topics (every topic config with its effective value, source and
 * synonyms, as Kafka 4.4 reports them) and for this broker (the configs {@link BrokerConfigs}
 * reports).
 */
final class DescribeConfigsHandler implements ApiHandler {

    private final MetadataEngine engine;
    private final BrokerConfigs brokerConfigs;

    DescribeConfigsHandler(MetadataEngine engine, BrokerConfigs brokerConfigs) {
        this.engine = engine;
        this.brokerConfigs = brokerConfigs;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_CONFIGS;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestHeader header, Readable body) {
        DescribeConfigsRequestData request = new DescribeConfigsRequestData(body, header.apiVersion());
        DescribeConfigsResponseData response = new DescribeConfigsResponseData().setThrottleTimeMs(0);
        for (DescribeConfigsResource resource : request.resources()) {
            response.results().add(describe(resource, request.includeSynonyms(), request.includeDocumentation()));
        }
        return CompletableFuture.completedFuture(response);
    }

    private DescribeConfigsResult describe(DescribeConfigsResource resource, boolean synonyms, boolean documentation) {
        DescribeConfigsResult result = new DescribeConfigsResult()
                .setResourceType(resource.resourceType())
                .setResourceName(resource.resourceName());
        ConfigResource.Type type = ConfigResource.Type.forId(resource.resourceType());
        String name = resource.resourceName();
        if (type == ConfigResource.Type.TOPIC) {
            Optional<String> invalid = TopicNames.invalidReason(name);
            if (invalid.isPresent()) {
                return failed(result, Errors.INVALID_TOPIC_EXCEPTION, invalid.get());
            }
            Optional<TopicMetadata> topic = engine.view().topic(name);
            if (topic.isEmpty()) {
                return failed(result, Errors.UNKNOWN_TOPIC_OR_PARTITION, "Topic '" + name + "' does not exist.");
            }
            return described(result, TopicConfigs.describe(topic.get().configs(), documentation), resource, synonyms);
        }
        if (type == ConfigResource.Type.BROKER) {
            if (name.isEmpty()) {
                // The cluster-wide dynamic defaults: Quire has none.
                return described(result, List.of(), resource, synonyms);
            }
            Optional<String> wrongBroker = BrokerResources.wrongBroker(name, engine.nodeId());
            if (wrongBroker.isPresent()) {
                return failed(result, Errors.INVALID_REQUEST, wrongBroker.get());
            }
            return described(result, brokerConfigs.describe(), resource, synonyms);
        }
        return failed(result, Errors.INVALID_REQUEST, "Unsupported resource type: " + type);
    }

    private static DescribeConfigsResult described(DescribeConfigsResult result, List<ConfigEntry> entries,
            DescribeConfigsResource resource, boolean includeSynonyms) {
        List<String> keys = resource.configurationKeys();
        for (ConfigEntry entry : entries) {
            if (keys != null && !keys.isEmpty() && !keys.contains(entry.name())) {
                continue;
            }
            DescribeConfigsResourceResult config = new DescribeConfigsResourceResult()
                    .setName(entry.name())
                    .setValue(entry.value())
                    .setReadOnly(entry.readOnly())
                    .setConfigSource(entry.source().id())
                    .setIsSensitive(false)
                    .setConfigType(ConfigType.valueOf(entry.type().name()).id())
                    .setDocumentation(entry.documentation());
            if (includeSynonyms) {
                entry.synonyms().forEach(synonym -> config.synonyms().add(new DescribeConfigsSynonym()
                        .setName(synonym.name())
                        .setValue(synonym.value())
                        .setSource(synonym.source().id())));
            }
            result.configs().add(config);
        }
        return result.setErrorCode(Errors.NONE.code());
    }

    private static DescribeConfigsResult failed(DescribeConfigsResult result, Errors error, String message) {
        return result.setErrorCode(error.code()).setErrorMessage(message);
    }
}
