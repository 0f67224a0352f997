package io.quire.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.spi.plugin.ConfigKey;
import io.quire.spi.plugin.PluginContext;
import io.quire.spi.plugin.PluginProvider;
import io.quire.spi.plugin.PluginSettings;
import io.quire.spi.statemachine.StateMachine;
import io.quire.spi.statemachine.StateMachineProvider;
import io.quire.spi.wal.MetadataWal;
import io.quire.spi.wal.WalProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The real plugins on core's test class path, found as the launcher finds them (ServiceLoader, by
 * name) and created with a small {@link PluginContext} over a test directory.
 */
public final class Plugins {

    /** The node id every test node has. */
    public static final int NODE_ID = 1;

    private Plugins() {}

    /** Opens (recovering what is there) the real {@code file} WAL in {@code dir}. */
    public static MetadataWal openFileWal(Path dir) throws IOException {
        return openFileWal(dir, Map.of());
    }

    /** As {@link #openFileWal(Path)}, with some of the plugin's settings given (name to value). */
    public static MetadataWal openFileWal(Path dir, Map<String, String> settings) throws IOException {
        return provider(WalProvider.class, "file")
                .create(new TestPluginContext(NODE_ID, Files.createDirectories(dir), settings));
    }

    /** A fresh, empty {@code kafka-metadata} state machine. */
    public static StateMachine newKafkaStateMachine(Path dir) throws IOException {
        return provider(StateMachineProvider.class, "kafka-metadata")
                .create(new TestPluginContext(NODE_ID, Files.createDirectories(dir), Map.of()));
    }

    private static <P extends PluginProvider<?>> P provider(Class<P> kind, String name) {
        List<P> named = ServiceLoader.load(kind).stream()
                .map(ServiceLoader.Provider::get)
                .filter(provider -> provider.name().equals(name))
                .toList();
        assertThat(named).as("%s providers named '%s' on the class path", kind.getSimpleName(), name).hasSize(1);
        return named.get(0);
    }

    /** What the node gives a plugin: its id, its own directory, and settings (defaults unless given). */
    public record TestPluginContext(int nodeId, Path dataDir, Map<String, String> values)
            implements PluginContext, PluginSettings {

        @Override
        public PluginSettings settings() {
            return this;
        }

        @Override
        public <V> V get(ConfigKey<V> key) {
            String value = values.get(key.name());
            return value == null ? key.defaultValue() : key.parse(key.name(), value);
        }
    }
}
