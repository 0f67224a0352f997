package io.quire.spi.plugin;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.nio.file.Path;

/** What the node gives a plugin when it creates it. */
public interface PluginContext {

    /** The id of this node in the cluster. */
    int nodeId();

    /**
     * A directory that belongs to this plugin alone, under the node's data directory; it exists
     * and is writable when {@link PluginProvider#create} is called.
     */
    Path dataDir();

    /** The plugin's settings, read through the keys it declared. */
    PluginSettings settings();

    /**
     * The node's meter registry, scraped from its {@code /metrics} endpoint. A plugin names its
     * meters {@code quire.<kind>.<what>} with base units, so that they sit beside the engine's.
     * By default Micrometer's global registry, which records nothing until a registry is added to it.
     */
    default MeterRegistry meters() {
        return Metrics.globalRegistry;
    }
}
