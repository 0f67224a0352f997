package io.quire.kafka.handlers;

import io.quire.api.result.CommandResult;
import io.quire.api.result.ErrorCode;
import io.quire.kafka.handlers.ConfigAlterations.ResultingConfigs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.AlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.Readable;
import org.apache.kafka.common.requests.RequestHeader;

/** Serves the legacy AlterConfigs: a resource's overrides become exactly the configs given. */
final class AlterConfigsHandler implements ApiHandler {

    private final ConfigAlterations alterations;

    AlterConfigsHandler(ConfigAlterations alterations) {
        this.alterations = alterations;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ALTER_CONFIGS;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestHeader header, Readable body) {
        AlterConfigsRequestData request = new AlterConfigsRequestData(body, header.apiVersion());
        Set<ResourceKey> duplicated = ResourceKey.duplicated(request.resources().stream()
                .map(resource -> new ResourceKey(resource.resourceType(), resource.resourceName())).toList());
        List<CompletableFuture<AlterConfigsResourceResponse>> results = new ArrayList<>();
        for (AlterConfigsResource resource : request.resources()) {
            ResourceKey key = new ResourceKey(resource.resourceType(), resource.resourceName());
            if (!duplicated.contains(key)) {
                results.add(alter(resource, request.validateOnly()).thenApply(result -> response(key, result)));
            }
        }
        duplicated.forEach(key -> results.add(CompletableFuture.completedFuture(
                response(key, CommandResult.failure(ErrorCode.INVALID_REQUEST, "Duplicate resource.")))));
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(all -> {
            AlterConfigsResponseData response = new AlterConfigsResponseData().setThrottleTimeMs(0);
            results.forEach(result -> response.responses().add(result.join()));
            return response;
        });
    }

    private CompletableFuture<CommandResult> alter(AlterConfigsResource resource, boolean validateOnly) {
        Map<String, String> configs = new HashMap<>();
        Set<String> keys = new LinkedHashSet<>();
        for (AlterableConfig config : resource.configs()) {
            if (!keys.add(config.name())) {
                return CompletableFuture.completedFuture(
                        CommandResult.failure(ErrorCode.INVALID_REQUEST, "Error due to duplicate config keys"));
            }
            configs.put(config.name(), config.value());
        }
        return alterations.alter(ConfigResource.Type.forId(resource.resourceType()), resource.resourceName(), keys,
                current -> ResultingConfigs.of(configs), validateOnly);
    }

    private static AlterConfigsResourceResponse response(ResourceKey key, CommandResult result) {
        Errors error = KafkaErrors.of(result.error());
        return new AlterConfigsResourceResponse()
                .setResourceType(key.type())
                .setResourceName(key.name())
                .setErrorCode(error.code())
                .setErrorMessage(result.message());
    }
}
