package io.quire.tck.support;

import io.quire.spi.plugin.ConfigException;
import io.quire.spi.plugin.ConfigKey;
import io.quire.spi.plugin.PluginSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The settings the kit hands a provider of any kind: the string values a suite's binding gives,
 * parsed through the provider's own keys as the launcher would parse {@code --set} overrides.
 */
public final class KitSettings implements PluginSettings {

    private final String prefix;
    private final Map<String, ConfigKey<?>> declared;
    private final Map<String, String> values;

    private KitSettings(String prefix, Map<String, ConfigKey<?>> declared, Map<String, String> values) {
        this.prefix = prefix;
        this.declared = declared;
        this.values = values;
    }

    /**
     * Checks every value against the key the provider declares for it, so that a mistyped setting
     * fails before any rule runs instead of silently falling back to a default.
     *
     * @param kind the plugin kind's config prefix ({@code wal}, {@code replication}); with the
     *     provider's name it forms the key prefix {@code <kind>.<name>.} of error messages
     * @throws ConfigException naming the key when a key is not declared or a value does not parse
     */
    public static KitSettings of(String kind, String providerName, List<ConfigKey<?>> keys,
            Map<String, String> values) {
        String prefix = kind + "." + providerName + ".";
        Map<String, ConfigKey<?>> declared = new HashMap<>();
        keys.forEach(key -> declared.put(key.name(), key));
        for (Map.Entry<String, String> setting : values.entrySet()) {
            ConfigKey<?> key = declared.get(setting.getKey());
            if (key == null) {
                throw new ConfigException("Config key '" + prefix + setting.getKey() + "' is not declared by the plugin;"
                        + " it declares " + new TreeSet<>(declared.keySet()));
            }
            key.parse(prefix + setting.getKey(), setting.getValue());
        }
        return new KitSettings(prefix, Map.copyOf(declared), Map.copyOf(values));
    }

    @Override
    public <V> V get(ConfigKey<V> key) {
        if (!declared.containsKey(key.name())) {
            throw new ConfigException("The plugin read key '" + prefix + key.name()
                    + "', which its configKeys() does not declare");
        }
        String value = values.get(key.name());
        return value == null ? key.defaultValue() : key.parse(prefix + key.name(), value);
    }
}
