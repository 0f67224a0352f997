package io.quire.kafka.handlers;

import io.quire.api.result.CommandResult;
import io.quire.kafka.handlers.ConfigAlterations.Alteration;
import io.quire.kafka.handlers.ConfigAlterations.ResultingConfigs;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
        List<Alteration> requested = request.resources().stream().map(AlterConfigsHandler::alteration).toList();
        return alterations.alterAll(requested, request.validateOnly()).thenApply(results -> {
            AlterConfigsResponseData response = new AlterConfigsResponseData().setThrottleTimeMs(0);
            results.forEach((key, result) -> response.responses().add(response(key, result)));
            return response;
        });
    }

    private static Alteration alteration(AlterConfigsResource resource) {
        return new Alteration(new ResourceKey(resource.resourceType(), resource.resourceName()),
                resource.configs().stream().map(AlterableConfig::name).toList(), current -> {
                    Map<String, String> configs = new HashMap<>();
                    resource.configs().forEach(config -> configs.put(config.name(), config.value()));
                    return ResultingConfigs.of(configs);
                });
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
