package io.quire.spi.plugin;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** A plugin context of node {@code nodeId} with string settings, as {@code --set} gives them, and node-level values. */
record TestContext(int nodeId, Map<String, String> values, Map<Integer, InetSocketAddress> clusterMembers,
        Optional<String> clusterSecret) implements PluginContext, PluginSettings {

    @Override
    public Path dataDir() {
        throw new UnsupportedOperationException("not needed here");
    }

    @Override
    public PluginSettings settings() {
        return this;
    }

    @Override
    public <V> V get(ConfigKey<V> key) {
        String value = values.get(key.name());
        return value == null ? key.defaultValue() : key.parse("replication.test." + key.name(), value);
    }
}
