package io.quire.replication.hazelcast;

import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The Hazelcast member address of every node of the cluster, by Quire node id. */
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

    /** The members of {@link io.quire.spi.plugin.PeerAddresses#byNode()}. */
    static MemberList from(Map<Integer, InetSocketAddress> addresses) {
        Map<Integer, Address> members = new TreeMap<>();
        addresses.forEach((id, address) -> members.put(id, new Address(address.getHostString(), address.getPort())));
        return new MemberList(members);
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
