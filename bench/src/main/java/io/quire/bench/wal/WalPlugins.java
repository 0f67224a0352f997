package io.quire.bench.wal;

import io.quire.spi.plugin.ConfigException;
import io.quire.spi.plugin.ConfigKey;
import io.quire.spi.plugin.PluginContext;
import io.quire.spi.plugin.PluginSettings;
import io.quire.spi.wal.MetadataWal;
import io.quire.spi.wal.WalProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Finds the WAL plugins on the class path, as the launcher does, through {@link ServiceLoader}, so
 * that the harness benchmarks whichever plugins are built and on its class path (a third party's
 * too), and opens them with their default settings: the defaults are what a node runs with unless
 * told otherwise, and they are the durable ones (force before acknowledging). The JMH benchmark may
 * override some of them.
 */
final class WalPlugins {

    private WalPlugins() {}

    /**
     * The providers named in {@code names}, in that order, or every provider found (by name) when
     * {@code names} is empty.
     *
     * @throws IllegalArgumentException when a named plugin is not on the class path
     */
    static List<WalProvider> select(List<String> names) {
        Map<String, WalProvider> found = new TreeMap<>();
        ServiceLoader.load(WalProvider.class).forEach(provider -> found.put(provider.name(), provider));
        if (names.isEmpty()) {
            return List.copyOf(found.values());
        }
        List<WalProvider> selected = new ArrayList<>();
        for (String name : names) {
            WalProvider provider = found.get(name);
            if (provider == null) {
                throw new IllegalArgumentException("no WAL plugin '" + name + "' on the class path; found "
                        + found.keySet());
            }
            selected.add(provider);
        }
        return selected;
    }

    /** Opens {@code provider}'s WAL in {@code dataDir} with every key at its default. */
    static MetadataWal openWithDefaults(WalProvider provider, Path dataDir) throws IOException {
        return open(provider, dataDir, Map.of());
    }

    /**
     * Opens {@code provider}'s WAL in {@code dataDir} with the keys in {@code settings} set (by the
     * names the plugin declares, without its {@code wal.<name>.} prefix) and the others at their
     * defaults; for variant runs that take the disk out of the measurement.
     *
     * @throws ConfigException when a key is not one the plugin declares or its value is invalid
     */
    static MetadataWal open(WalProvider provider, Path dataDir, Map<String, String> settings) throws IOException {
        Map<String, ConfigKey<?>> declared = new TreeMap<>();
        provider.configKeys().forEach(key -> declared.put(key.name(), key));
        for (String name : settings.keySet()) {
            if (!declared.containsKey(name)) {
                throw new ConfigException("WAL plugin '" + provider.name() + "' has no key '" + name + "'; it has "
                        + declared.keySet());
            }
        }
        return provider.create(new BenchContext(provider.name(), dataDir, settings));
    }

    /** A node's context for one plugin: the given settings, defaults for the rest. */
    private record BenchContext(String plugin, Path dataDir, Map<String, String> values)
            implements PluginContext, PluginSettings {

        @Override
        public int nodeId() {
            return 1;
        }

        @Override
        public PluginSettings settings() {
            return this;
        }

        @Override
        public <V> V get(ConfigKey<V> key) {
            String value = values.get(key.name());
            if (value != null) {
                return key.parse("wal." + plugin + "." + key.name(), value);
            }
            if (key.defaultValue() == null) {
                throw new ConfigException("key 'wal." + plugin + "." + key.name() + "' has no default; the benchmark"
                        + " cannot open this plugin without it");
            }
            return key.defaultValue();
        }
    }
}
