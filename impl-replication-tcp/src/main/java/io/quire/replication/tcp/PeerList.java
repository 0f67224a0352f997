package io.quire.replication.tcp;

import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The replication address of every node of the cluster ({@link io.quire.spi.plugin.PeerAddresses}).
 * Addresses stay unresolved until a follower connects, so that a changed DNS entry is picked up on
 * the next reconnect.
 */
final class PeerList {

    private final Map<Integer, InetSocketAddress> addresses;

    private PeerList(Map<Integer, InetSocketAddress> addresses) {
        this.addresses = Collections.unmodifiableMap(new TreeMap<>(addresses));
    }

    static PeerList of(Map<Integer, InetSocketAddress> addresses) {
        return new PeerList(addresses);
    }

    boolean contains(int nodeId) {
        return addresses.containsKey(nodeId);
    }

    /** The node ids, in ascending order. */
    Set<Integer> ids() {
        return addresses.keySet();
    }

    /** The replication address of {@code nodeId}, unresolved. */
    InetSocketAddress address(int nodeId) {
        InetSocketAddress address = addresses.get(nodeId);
        if (address == null) {
            throw new IllegalArgumentException("node " + nodeId + " is not a peer");
        }
        return address;
    }

    @Override
    public String toString() {
        return addresses.toString();
    }
}
