package io.quire.replication.hazelcast;

import io.quire.spi.plugin.ConfigException;
import io.quire.spi.plugin.NodeAddresses;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Hazelcast member address of every node of the cluster, parsed strictly from
 * {@code "1=10.0.0.1:5701,2=10.0.0.2:5701"}; the id is the Quire node id.
 */
final class MemberList {

    /** A member's address. */
    record Address(String host, int port) {
        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    private final Map<Integer, Address> addresses;

    private MemberList(Map<Integer, Address> addresses) {
        this.addresses = Collections.unmodifiableMap(new TreeMap<>(addresses));
    }

    static MemberList of(Map<Integer, Address> addresses) {
        return new MemberList(addresses);
    }

    /**
     * Parses a member list in the SPI's {@link NodeAddresses} format.
     *
     * @throws ConfigException naming {@code key} when the text is not a valid list
     */
    static MemberList parse(String key, String text) {
        Map<Integer, Address> addresses = new TreeMap<>();
        NodeAddresses.parse(key, text).forEach((id, address) ->
                addresses.put(id, new Address(address.getHostString(), address.getPort())));
        return new MemberList(addresses);
    }

    boolean contains(int nodeId) {
        return addresses.containsKey(nodeId);
    }

    /** The node ids, ascending. */
    Set<Integer> ids() {
        return addresses.keySet();
    }

    Address address(int nodeId) {
        Address address = addresses.get(nodeId);
        if (address == null) {
            throw new IllegalArgumentException("node " + nodeId + " is not a member");
        }
        return address;
    }

    Map<Integer, Address> asMap() {
        return addresses;
    }

    @Override
    public String toString() {
        return addresses.toString();
    }
}
