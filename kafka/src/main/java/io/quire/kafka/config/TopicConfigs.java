package io.quire.kafka.config;

import io.quire.kafka.config.ConfigEntry.Synonym;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;

/** Validates topic config overrides and describes a topic's effective configs, as Kafka 4.4 does. */
public final class TopicConfigs {

    /** The entries of a topic without overrides, computed once: every CreateTopics answer carries them. */
    private static final List<ConfigEntry> DEFAULTS = defaults(false);
    private static final List<ConfigEntry> DEFAULTS_DOCUMENTED = defaults(true);

    private TopicConfigs() {}

    /** Whether {@code name} is a topic config Kafka knows (internal ones included, as Kafka accepts them). */
    public static boolean isKnown(String name) {
        return TopicConfigDef.DEFINITION.configKeys().containsKey(name);
    }

    /** The type of a known topic config. */
    public static Optional<ConfigDef.Type> typeOf(String name) {
        return Optional.ofNullable(TopicConfigDef.DEFINITION.configKeys().get(name)).map(key -> key.type);
    }

    /** The default of a known topic config in Kafka's string form ("" for an empty list). */
    public static String defaultOf(String name) {
        ConfigKey key = TopicConfigDef.DEFINITION.configKeys().get(name);
        return ConfigDef.convertToString(key.defaultValue, key.type);
    }

    /**
     * Why {@code overrides} is not a valid set of topic overrides, in Kafka's words and order of
     * checks (names, then each value, then values against each other), or empty when it is valid.
     */
    public static Optional<String> invalidReason(Map<String, String> overrides) {
        for (String name : overrides.keySet()) {
            if (!isKnown(name)) {
                return Optional.of("Unknown topic config name: " + name);
            }
        }
        Map<String, Object> parsed;
        try {
            parsed = TopicConfigDef.DEFINITION.parse(overrides);
        } catch (ConfigException e) {
            return Optional.of(e.getMessage());
        }
        long minLag = (Long) parsed.get(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG);
        long maxLag = (Long) parsed.get(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG);
        if (minLag > maxLag) {
            return Optional.of("conflict topic config setting " + TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG + " ("
                    + minLag + ") > " + TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG + " (" + maxLag + ")");
        }
        if ((Boolean) parsed.get(TopicConfig.REMOTE_LOG_STORAGE_ENABLE_CONFIG)) {
            // Quire has no tiered storage: Kafka's answer for a broker that has it disabled.
            return Optional.of("Tiered Storage functionality is disabled in the broker. Topic cannot be configured"
                    + " with remote log storage.");
        }
        return Optional.empty();
    }

    /**
     * Every non-internal topic config with its effective value, plus any internal one that is
     * overridden, in definition order. {@code overrides} must be valid.
     */
    public static List<ConfigEntry> describe(Map<String, String> overrides, boolean includeDocumentation) {
        List<ConfigEntry> defaults = includeDocumentation ? DEFAULTS_DOCUMENTED : DEFAULTS;
        if (overrides.isEmpty()) {
            return defaults;
        }
        List<ConfigEntry> entries = new ArrayList<>(defaults.size() + overrides.size());
        int next = 0;
        for (ConfigKey key : TopicConfigDef.DEFINITION.configKeys().values()) {
            boolean overridden = overrides.containsKey(key.name);
            if (key.internalConfig && !overridden) {
                continue;
            }
            if (overridden) {
                Object value = ConfigDef.parseType(key.name, overrides.get(key.name), key.type);
                entries.add(entry(key, ConfigDef.convertToString(value, key.type), true, includeDocumentation));
            } else {
                entries.add(defaults.get(next));
            }
            if (!key.internalConfig) {
                next++;
            }
        }
        return entries;
    }

    private static List<ConfigEntry> defaults(boolean includeDocumentation) {
        List<ConfigEntry> entries = new ArrayList<>();
        for (ConfigKey key : TopicConfigDef.DEFINITION.configKeys().values()) {
            if (!key.internalConfig) {
                entries.add(entry(key, ConfigDef.convertToString(key.defaultValue, key.type), false,
                        includeDocumentation));
            }
        }
        return List.copyOf(entries);
    }

    private static ConfigEntry entry(ConfigKey key, String value, boolean overridden, boolean includeDocumentation) {
        List<Synonym> synonyms = new ArrayList<>();
        if (overridden) {
            synonyms.add(new Synonym(key.name, value, ConfigSource.TOPIC_CONFIG));
        }
        BrokerLogDefaults.synonymOf(key.name).ifPresent(synonym -> synonyms.add(
                new Synonym(synonym, ConfigDef.convertToString(key.defaultValue, key.type), ConfigSource.DEFAULT_CONFIG)));
        ConfigSource source = synonyms.isEmpty() ? ConfigSource.DEFAULT_CONFIG : synonyms.get(0).source();
        return new ConfigEntry(key.name, value, source, false, key.type, List.copyOf(synonyms),
                includeDocumentation ? key.documentation : null);
    }
}
