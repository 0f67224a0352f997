package io.quire.launcher.waldump;

import io.quire.spi.plugin.ConfigKey;
import io.quire.spi.plugin.PluginContext;
import io.quire.spi.plugin.PluginSettings;
import java.nio.file.Path;

/**
 * What the dump creates a plugin with: a directory of its own, every key at its default, and node
 * 1, since the node's id is not in its files and a plugin's state never depends on it.
 */
record DefaultsContext(Path dataDir) implements PluginContext {

    @Override
    public int nodeId() {
        return 1;
    }

    @Override
    public PluginSettings settings() {
        return new PluginSettings() {
            @Override
            public <V> V get(ConfigKey<V> key) {
                return key.defaultValue();
            }
        };
    }
}
