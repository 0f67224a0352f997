package io.quire.replication.hazelcast;

import io.quire.spi.plugin.ConfigException;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Pattern ENTRY = Pattern.compile("(\\d{1,9})=(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]+):(\\d{1,5})");

    private final Map<Integer, Address> addresses;

    private MemberList(Map<Integer, Address> addresses) {
        this.addresses = Collections.unmodifiableMap(new TreeMap<>(addresses));
    }

    static MemberList of(Map<Integer, Address> addresses) {
        return new MemberList(addresses);
    }

    /**
     * Parses a member list; every entry must be {@code id=host:port} with a unique id and address.
     *
     * @throws ConfigException naming {@code key} when the text is not a valid list
     */
    static MemberList parse(String key, String text) {
        Map<Integer, Address> addresses = new TreeMap<>();
        for (String raw : text.split(",", -1)) {
            String entry = raw.strip();
            Matcher matcher = ENTRY.matcher(entry);
            if (!matcher.matches()) {
                throw invalid(key, text, "entry '" + entry + "' is not id=host:port");
            }
            int id = Integer.parseInt(matcher.group(1));
            String host = matcher.group(2);
            int port = Integer.parseInt(matcher.group(3));
            if (port < 1 || port > 65535) {
                throw invalid(key, text, "port " + port + " of node " + id + " is not in 1..65535");
            }
            if (host.startsWith("[")) {
                host = host.substring(1, host.length() - 1);
            }
            Address address = new Address(host, port);
            if (addresses.containsValue(address)) {
                throw invalid(key, text, "address " + address + " is listed twice");
            }
            if (addresses.putIfAbsent(id, address) != null) {
                throw invalid(key, text, "node " + id + " is listed twice");
            }
        }
        return new MemberList(addresses);
    }

    private static ConfigException invalid(String key, String text, String why) {
        return new ConfigException("Config key '" + key + "' expects id=host:port[,id=host:port...], got '"
                + text + "': " + why);
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
