package io.quire.spi.plugin;

/** The configured values of one plugin's keys. */
public interface PluginSettings {

    /**
     * The value of {@code key}: the configured one, or the key's default when none is set.
     *
     * @throws ConfigException when the configured value does not parse or is out of range, with a
     *     message naming the full key
     */
    <V> V get(ConfigKey<V> key);
}
