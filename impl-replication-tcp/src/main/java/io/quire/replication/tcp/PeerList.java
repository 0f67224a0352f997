package io.quire.replication.tcp;

import io.quire.spi.plugin.ConfigException;
import io.quire.spi.plugin.NodeAddresses;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The replication address of every node of the cluster, parsed strictly from
 * {@code "1=10.0.0.1:9291,2=10.0.0.2:9291"}. Addresses stay unresolved until a follower connects,
 * so that a changed DNS entry is picked up on the next reconnect.
 */
final class PeerList {

    private final Map<Integer, InetSocketAddress> addresses;

    private PeerList(Map<Integer, InetSocketAddress> addresses) {
        this.addresses = Collections.unmodifiableMap(new TreeMap<>(addresses));
    }

    /** A list with these addresses, for nodes whose ports are only known once bound. */
    static PeerList of(Map<Integer, InetSocketAddress> addresses) {
        return new PeerList(addresses);
    }

    /**
     * Parses a peer list in the SPI's {@link NodeAddresses} format.
     *
     * @param key the full config key, named in the error
     * @throws ConfigException naming {@code key} when the text is not a valid list
     */
    static PeerList parse(String key, String text) {
        return new PeerList(NodeAddresses.parse(key, text));
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
