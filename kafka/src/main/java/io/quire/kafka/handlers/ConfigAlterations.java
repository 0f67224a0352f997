package io.quire.kafka.handlers;

import io.quire.api.metadata.TopicMetadata;
import io.quire.api.metadata.TopicNames;
import io.quire.api.result.CommandResult;
import io.quire.api.result.ErrorCode;
import io.quire.core.engine.MetadataEngine;
import io.quire.core.topics.TopicService;
import io.quire.kafka.config.TopicConfigs;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.kafka.common.config.ConfigResource;

/**
 * What AlterConfigs and IncrementalAlterConfigs share: the refusal of resources named twice in a
 * request and of configs named twice in a resource, the checks of a resource, in the order Kafka's
 * controller makes them (the resource name, then the resulting configs, then whether the topic
 * exists), and the write of a topic's resulting config map.
 */
final class ConfigAlterations {

    /**
     * How many times a topic's change is computed before giving up: each retry means another
     * change of the same topic was applied in between, so this bounds a request's work under a
     * storm of concurrent alters while letting any realistic contention through.
     */
    private static final int MAX_ATTEMPTS = 16;

    private final MetadataEngine engine;
    private final TopicService topics;

    ConfigAlterations(MetadataEngine engine, TopicService topics) {
        this.engine = engine;
        this.topics = topics;
    }

    /**
     * Alters the resources of one request.
     *
     * @return each resource's result, in the order of the response: the resources named once in
     *     request order, then each resource named more than once, refused
     */
    CompletableFuture<Map<ResourceKey, CommandResult>> alterAll(List<Alteration> alterations, boolean validateOnly) {
        Set<ResourceKey> duplicated = ResourceKey.duplicated(alterations.stream().map(Alteration::key).toList());
        Map<ResourceKey, CompletableFuture<CommandResult>> results = new LinkedHashMap<>();
        for (Alteration alteration : alterations) {
            if (!duplicated.contains(alteration.key())) {
                results.put(alteration.key(), alter(alteration, validateOnly));
            }
        }
        duplicated.forEach(key -> results.put(key, refused(ErrorCode.INVALID_REQUEST, "Duplicate resource.")));
        return CompletableFuture.allOf(results.values().toArray(CompletableFuture[]::new)).thenApply(all -> {
            Map<ResourceKey, CommandResult> done = new LinkedHashMap<>();
            results.forEach((key, result) -> done.put(key, result.join()));
            return done;
        });
    }

    private CompletableFuture<CommandResult> alter(Alteration alteration, boolean validateOnly) {
        Set<String> keys = new LinkedHashSet<>();
        for (String configName : alteration.configNames()) {
            if (!keys.add(configName)) {
                return refused(ErrorCode.INVALID_REQUEST, "Error due to duplicate config keys");
            }
        }
        ConfigResource.Type type = ConfigResource.Type.forId(alteration.key().type());
        String name = alteration.key().name();
        if (type == ConfigResource.Type.TOPIC) {
            return alterTopic(name, alteration.change(), validateOnly);
        }
        if (type == ConfigResource.Type.BROKER) {
            return CompletableFuture.completedFuture(alterBroker(name, keys));
        }
        return refused(ErrorCode.INVALID_REQUEST, "Unknown resource type " + type);
    }

    private CompletableFuture<CommandResult> alterTopic(String name, Function<Map<String, String>, ResultingConfigs> change,
            boolean validateOnly) {
        if (name.isEmpty()) {
            return refused(ErrorCode.INVALID_REQUEST, "Default topic resources are not allowed.");
        }
        Optional<String> invalidName = TopicNames.invalidReason(name);
        if (invalidName.isPresent()) {
            return refused(ErrorCode.INVALID_TOPIC, invalidName.get());
        }
        return alterTopicAttempt(name, change, validateOnly, 1);
    }

    /**
     * Computes the resulting overrides from the topic as this node sees it now and writes them with
     * that view as the expectation; when a concurrent change got there first, the state machine
     * refuses the write as stale and the change is computed again from the newer overrides.
     */
    private CompletableFuture<CommandResult> alterTopicAttempt(String name,
            Function<Map<String, String>, ResultingConfigs> change, boolean validateOnly, int attempt) {
        Optional<TopicMetadata> topic = engine.view().topic(name);
        ResultingConfigs resulting = change.apply(topic.map(TopicMetadata::configs).orElse(Map.of()));
        if (resulting.refusal().isPresent()) {
            return CompletableFuture.completedFuture(resulting.refusal().get());
        }
        for (Map.Entry<String, String> config : resulting.configs().entrySet()) {
            if (config.getValue() == null) {
                return refused(ErrorCode.INVALID_CONFIG, "Null value not supported for topic configs: " + config.getKey());
            }
        }
        Optional<String> invalid = TopicConfigs.invalidReason(resulting.configs());
        if (invalid.isPresent()) {
            return refused(ErrorCode.INVALID_CONFIG, invalid.get());
        }
        if (topic.isEmpty()) {
            return refused(ErrorCode.UNKNOWN_TOPIC, "The topic '" + name + "' does not exist.");
        }
        return topics.alterConfigs(topic.get(), resulting.configs(), validateOnly).thenCompose(result -> {
            if (result.error() != ErrorCode.STALE_COMMAND) {
                return CompletableFuture.completedFuture(result);
            }
            if (attempt < MAX_ATTEMPTS) {
                return alterTopicAttempt(name, change, validateOnly, attempt + 1);
            }
            return refused(ErrorCode.STALE_COMMAND, "The configs of topic '" + name + "' were changed concurrently "
                    + MAX_ATTEMPTS + " times while this change was being applied; it was not applied. Retry it.");
        });
    }

    /** Quire changes no broker config at run time: as Kafka answers for configs that are not dynamic. */
    private CommandResult alterBroker(String name, Collection<String> keys) {
        if (!name.isEmpty()) {
            Optional<String> wrongBroker = BrokerResources.wrongBroker(name, engine.nodeId());
            if (wrongBroker.isPresent()) {
                return CommandResult.failure(ErrorCode.INVALID_REQUEST, wrongBroker.get());
            }
        }
        if (keys.isEmpty()) {
            return CommandResult.OK;
        }
        return CommandResult.failure(ErrorCode.INVALID_REQUEST,
                "Cannot update these configs dynamically: " + new TreeSet<>(keys));
    }

    private static CompletableFuture<CommandResult> refused(ErrorCode error, String message) {
        return CompletableFuture.completedFuture(CommandResult.failure(error, message));
    }

    /**
     * One resource of an alter request.
     *
     * @param configNames the config names the resource's entries touch, in request order, repeats included
     * @param change from the topic's current overrides to the resulting ones, or a refusal; applied
     *     only once the config names are known to be distinct
     */
    record Alteration(ResourceKey key, List<String> configNames,
            Function<Map<String, String>, ResultingConfigs> change) {}

    /** The config map a request asks for, or why it cannot be computed. */
    record ResultingConfigs(Map<String, String> configs, Optional<CommandResult> refusal) {

        static ResultingConfigs of(Map<String, String> configs) {
            return new ResultingConfigs(configs, Optional.empty());
        }

        static ResultingConfigs refused(ErrorCode error, String message) {
            return new ResultingConfigs(Map.of(), Optional.of(CommandResult.failure(error, message)));
        }
    }
}
