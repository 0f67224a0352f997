package io.quire.spi.replication;

import io.quire.spi.plugin.PluginProvider;

/**
 * Creates the node's replication transport, selected by {@code plugins.replication}; the value
 * {@code none} selects no transport (a single node).
 */
public interface ReplicationTransportProvider extends PluginProvider<ReplicationTransport> {}
