package io.quire.replication.tcp;

import io.quire.spi.plugin.ConfigException;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The replication address of every node of the cluster, parsed strictly from
 * {@code "1=10.0.0.1:9291,2=10.0.0.2:9291"}. Addresses stay unresolved until a follower connects,
 * so that a changed DNS entry is picked up on the next reconnect.
 */
final class PeerList {

    /** {@code id=host:port}; an IPv6 host is written in brackets, {@code 3=[::1]:9291}. */
    private static final Pattern ENTRY = Pattern.compile("(\\d{1,9})=(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]+):(\\d{1,5})");

    private final Map<Integer, InetSocketAddress> addresses;

    private PeerList(Map<Integer, InetSocketAddress> addresses) {
        this.addresses = Collections.unmodifiableMap(new TreeMap<>(addresses));
    }

    /** A list with these addresses, for nodes whose ports are only known once bound. */
    static PeerList of(Map<Integer, InetSocketAddress> addresses) {
        return new PeerList(addresses);
    }

    /**
     * Parses a peer list; every entry must be {@code id=host:port} with a unique id and address.
     *
     * @param key the full config key, named in the error
     * @throws ConfigException naming {@code key} when the text is not a valid list
     */
    static PeerList parse(String key, String text) {
        Map<Integer, InetSocketAddress> addresses = new TreeMap<>();
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
            InetSocketAddress address = InetSocketAddress.createUnresolved(host, port);
            if (addresses.containsValue(address)) {
                throw invalid(key, text, "address " + host + ":" + port + " is listed twice");
            }
            if (addresses.putIfAbsent(id, address) != null) {
                throw invalid(key, text, "node " + id + " is listed twice");
            }
        }
        return new PeerList(addresses);
    }

    private static ConfigException invalid(String key, String text, String why) {
        return new ConfigException("Config key '" + key + "' expects id=host:port[,id=host:port...], got '"
                + text + "': " + why);
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
