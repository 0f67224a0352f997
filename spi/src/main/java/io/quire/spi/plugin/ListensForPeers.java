package io.quire.spi.plugin;

import java.net.InetSocketAddress;

/**
 * An optional ability of what a plugin creates (a replication transport, a consensus plugin) that
 * accepts connections from the other members: the node names this address in the line that says it
 * is ready, and {@code quire cluster} prints it, so that an operator sees the port each plugin took.
 */
public interface ListensForPeers {

    /** The address the other members reach it on; called once it has started. */
    InetSocketAddress peerListenAddress();
}
