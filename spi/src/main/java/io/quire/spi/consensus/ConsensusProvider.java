package io.quire.spi.consensus;

import io.quire.spi.plugin.PluginProvider;

/** Creates the node's consensus plugin, selected by {@code plugins.consensus}. */
public interface ConsensusProvider extends PluginProvider<Consensus> {}
