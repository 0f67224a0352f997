package io.quire.kafka.config;

import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;

/**
 * One config of a resource as DescribeConfigs reports it.
 *
 * @param value the effective value in Kafka's string form, or {@code null} when the key has none
 * @param source where the effective value comes from
 * @param synonyms the values that could supply this config, highest precedence first; the first
 *     one is where {@code value} comes from
 * @param documentation the key's documentation, or {@code null} when none is known
 */
public record ConfigEntry(String name, String value, ConfigSource source, boolean readOnly, ConfigDef.Type type,
        List<Synonym> synonyms, String documentation) {

    public ConfigEntry {
        synonyms = List.copyOf(synonyms);
    }

    /** A config, possibly under another name, that supplies a value to an entry. */
    public record Synonym(String name, String value, ConfigSource source) {}
}
