package io.quire.tck.wal;

import io.quire.spi.plugin.PluginContext;
import io.quire.spi.plugin.PluginSettings;
import java.nio.file.Path;

/** What the kit gives a provider's {@code create}: node 1, a data directory, the configured settings. */
record KitPluginContext(Path dataDir, PluginSettings settings) implements PluginContext {

    @Override
    public int nodeId() {
        return 1;
    }
}
