package io.quire.kafka.config;

import io.quire.kafka.config.ConfigEntry.Synonym;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;

/**
 * The broker configs a Quire node reports: those its own config sets (its id, topic defaults,
 * auto-creation), reported as static broker configs, and the broker defaults of topic configs,
 * reported with Kafka's defaults. Quire does not change broker configs at run time, so every one
 * is read-only.
 *
 * @param nodeId this node's id
 * @param numPartitions partitions of a topic created without a count ({@code num.partitions})
 * @param defaultReplicationFactor replication factor of a topic created without one
 * @param autoCreateTopics whether Metadata requests may create missing topics
 */
public record BrokerConfigs(int nodeId, int numPartitions, int defaultReplicationFactor, boolean autoCreateTopics) {

    /** Kafka's defaults of the keys this node sets, reported as their DEFAULT_CONFIG synonyms. */
    private static final Map<String, String> KAFKA_DEFAULTS = Map.of(
            "num.partitions", "1",
            "default.replication.factor", "1",
            "auto.create.topics.enable", "true");

    /** Every reported broker config, sorted by name. */
    public List<ConfigEntry> describe() {
        List<ConfigEntry> entries = new ArrayList<>();
        entries.add(nodeSet("node.id", Integer.toString(nodeId), Type.INT));
        entries.add(nodeSet("broker.id", Integer.toString(nodeId), Type.INT));
        entries.add(nodeSet("num.partitions", Integer.toString(numPartitions), Type.INT));
        entries.add(nodeSet("default.replication.factor", Integer.toString(defaultReplicationFactor), Type.INT));
        entries.add(nodeSet("auto.create.topics.enable", Boolean.toString(autoCreateTopics), Type.BOOLEAN));
        Map<String, ConfigKey> topicKeys = TopicConfigDef.DEFINITION.configKeys();
        BrokerLogDefaults.synonyms().forEach((topicName, brokerName) -> {
            ConfigKey key = topicKeys.get(topicName);
            entries.add(kafkaDefault(brokerName, ConfigDef.convertToString(key.defaultValue, key.type), key.type));
        });
        BrokerLogDefaults.FALLBACK_DEFAULTS.forEach((name, value) ->
                entries.add(kafkaDefault(name, value, BrokerLogDefaults.FALLBACK_TYPES.get(name))));
        BrokerLogDefaults.WITHOUT_DEFAULT.forEach((name, type) -> entries.add(
                new ConfigEntry(name, null, ConfigSource.DEFAULT_CONFIG, true, type, List.of(), null)));
        entries.sort(Comparator.comparing(ConfigEntry::name));
        return entries;
    }

    private static ConfigEntry kafkaDefault(String name, String value, Type type) {
        return new ConfigEntry(name, value, ConfigSource.DEFAULT_CONFIG, true, type,
                List.of(new Synonym(name, value, ConfigSource.DEFAULT_CONFIG)), null);
    }

    private static ConfigEntry nodeSet(String name, String value, Type type) {
        List<Synonym> synonyms = new ArrayList<>();
        synonyms.add(new Synonym(name, value, ConfigSource.STATIC_BROKER_CONFIG));
        if (KAFKA_DEFAULTS.containsKey(name)) {
            synonyms.add(new Synonym(name, KAFKA_DEFAULTS.get(name), ConfigSource.DEFAULT_CONFIG));
        }
        return new ConfigEntry(name, value, ConfigSource.STATIC_BROKER_CONFIG, true, type, synonyms, null);
    }
}
