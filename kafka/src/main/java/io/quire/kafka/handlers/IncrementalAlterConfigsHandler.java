package io.quire.kafka.handlers;

import io.quire.api.result.CommandResult;
import io.quire.api.result.ErrorCode;
import io.quire.kafka.config.TopicConfigs;
import io.quire.kafka.handlers.ConfigAlterations.Alteration;
import io.quire.kafka.handlers.ConfigAlterations.ResultingConfigs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.Readable;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * Serves IncrementalAlterConfigs: SET, DELETE, and for list configs APPEND and SUBTRACT, applied to
 * a topic's current overrides; the command written carries the resulting map.
 */
final class IncrementalAlterConfigsHandler implements ApiHandler {

    private final ConfigAlterations alterations;

    IncrementalAlterConfigsHandler(ConfigAlterations alterations) {
        this.alterations = alterations;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.INCREMENTAL_ALTER_CONFIGS;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestHeader header, Readable body) {
        IncrementalAlterConfigsRequestData request = new IncrementalAlterConfigsRequestData(body, header.apiVersion());
        List<Alteration> requested =
                request.resources().stream().map(IncrementalAlterConfigsHandler::alteration).toList();
        return alterations.alterAll(requested, request.validateOnly()).thenApply(results -> {
            IncrementalAlterConfigsResponseData response = new IncrementalAlterConfigsResponseData().setThrottleTimeMs(0);
            results.forEach((key, result) -> response.responses().add(response(key, result)));
            return response;
        });
    }

    private static Alteration alteration(AlterConfigsResource resource) {
        return new Alteration(new ResourceKey(resource.resourceType(), resource.resourceName()),
                resource.configs().stream().map(AlterableConfig::name).toList(), current -> apply(current, resource));
    }

    private static ResultingConfigs apply(Map<String, String> current, AlterConfigsResource resource) {
        Map<String, String> configs = new HashMap<>(current);
        for (AlterableConfig config : resource.configs()) {
            AlterConfigOp.OpType op = AlterConfigOp.OpType.forId(config.configOperation());
            if (op == null) {
                return ResultingConfigs.refused(ErrorCode.INVALID_REQUEST,
                        "Unknown config operation " + config.configOperation() + " for " + config.name());
            }
            String key = config.name();
            switch (op) {
                case SET -> configs.put(key, config.value());
                case DELETE -> configs.remove(key);
                case APPEND, SUBTRACT -> {
                    if (TopicConfigs.typeOf(key).filter(type -> type == ConfigDef.Type.LIST).isEmpty()) {
                        return ResultingConfigs.refused(ErrorCode.INVALID_CONFIG,
                                "Can't " + op + " to key " + key + " because its type is not LIST.");
                    }
                    configs.put(key, String.join(",", listAfter(op, currentList(configs, key), config.value())));
                }
                default -> throw new IllegalStateException("unhandled operation " + op);
            }
        }
        return ResultingConfigs.of(configs);
    }

    /** The list a key holds now: its override, or else its default. */
    private static List<String> currentList(Map<String, String> configs, String key) {
        String value = Optional.ofNullable(configs.get(key)).orElseGet(() -> TopicConfigs.defaultOf(key));
        List<String> parts = new ArrayList<>();
        for (String part : value.split(",")) {
            if (!part.trim().isEmpty()) {
                parts.add(part.trim());
            }
        }
        return parts;
    }

    private static List<String> listAfter(AlterConfigOp.OpType op, List<String> parts, String value) {
        List<String> result = new ArrayList<>(parts);
        if (value == null) {
            return result;
        }
        for (String part : value.split(",")) {
            String trimmed = part.trim();
            if (op == AlterConfigOp.OpType.APPEND && !result.contains(trimmed)) {
                result.add(trimmed);
            } else if (op == AlterConfigOp.OpType.SUBTRACT) {
                result.remove(trimmed);
            }
        }
        return result;
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
