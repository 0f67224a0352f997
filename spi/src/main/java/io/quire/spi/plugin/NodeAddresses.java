package io.quire.spi.plugin;

import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one format for a plugin key that gives every node's address, such as a transport's peers:
 * {@code "1=10.0.0.1:9291,2=10.0.0.2:9291"} (an IPv6 host in brackets, {@code 3=[::1]:9291}),
 * parsed strictly so that every plugin refuses the same mistakes with the same message.
 */
public final class NodeAddresses {

    private static final Pattern ENTRY = Pattern.compile("(\\d{1,9})=(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]+):(\\d{1,5})");

    private NodeAddresses() {}

    /**
     * Parses a list of {@code id=host:port} entries, each id and each address once.
     *
     * @param key the full config key, named in the error
     * @return node id to unresolved address (resolved when used, so a changed DNS entry is picked
     *     up), in ascending id order
     * @throws ConfigException naming {@code key} when the text is not a valid list
     */
    public static Map<Integer, InetSocketAddress> parse(String key, String text) {
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
            InetSocketAddress address = InetSocketAddress.createUnresolved(
                    host.startsWith("[") ? host.substring(1, host.length() - 1) : host, port);
            if (addresses.containsValue(address)) {
                throw invalid(key, text, "address " + host + ":" + port + " is listed twice");
            }
            if (addresses.putIfAbsent(id, address) != null) {
                throw invalid(key, text, "node " + id + " is listed twice");
            }
        }
        return Collections.unmodifiableMap(addresses);
    }

    /**
     * Parses a list as {@link #parse} does, and requires it to name this node.
     *
     * @throws ConfigException naming {@code key} when the text is not a valid list or lacks {@code nodeId}
     */
    public static Map<Integer, InetSocketAddress> parseIncluding(String key, String text, int nodeId) {
        Map<Integer, InetSocketAddress> addresses = parse(key, text);
        requireIncluded(key, addresses, nodeId);
        return addresses;
    }

    /** @throws ConfigException naming {@code key} when {@code addresses} lacks {@code nodeId} */
    static void requireIncluded(String key, Map<Integer, InetSocketAddress> addresses, int nodeId) {
        if (!addresses.containsKey(nodeId)) {
            throw new ConfigException("Config key '" + key + "' must list this node (node.id " + nodeId + "), got ids "
                    + addresses.keySet());
        }
    }

    private static ConfigException invalid(String key, String text, String why) {
        return new ConfigException("Config key '" + key + "' expects id=host:port[,id=host:port...], got '"
                + text + "': " + why);
    }
}
