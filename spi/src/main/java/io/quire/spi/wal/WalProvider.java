package io.quire.spi.wal;

import io.quire.spi.plugin.PluginProvider;

/**
 * Creates the node's metadata WAL, selected by {@code plugins.wal}. {@link #create} opens the
 * WAL in {@link io.quire.spi.plugin.PluginContext#dataDir()}, recovering what is already there.
 */
public interface WalProvider extends PluginProvider<MetadataWal> {}
