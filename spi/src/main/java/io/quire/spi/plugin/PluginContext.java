package io.quire.spi.plugin;

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
}
