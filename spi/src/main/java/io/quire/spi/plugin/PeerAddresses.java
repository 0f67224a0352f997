package io.quire.spi.plugin;

import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One plugin's address of every member of the cluster, this node included: the list the plugin's
 * own key gives when it is set, or else the one derived from the node's {@code cluster.members}
 * ({@link PluginContext#clusterMembers()}): each member's Kafka host, at its Kafka port plus the
 * plugin's offset. An offset per plugin gives each plugin a port of its own on every host from one
 * list, so that the members cannot disagree about who they are.
 */
public final class PeerAddresses {

    private static final int HIGHEST_PORT = 65535;

    private final int nodeId;
    private final Map<Integer, InetSocketAddress> byNode;

    private PeerAddresses(int nodeId, Map<Integer, InetSocketAddress> byNode) {
        this.nodeId = nodeId;
        this.byNode = Collections.unmodifiableMap(new TreeMap<>(byNode));
    }

    /**
     * The plugin's addresses of the members.
     *
     * @param keyPrefix the plugin's key prefix ({@code replication.tcp.}), to name its key in errors
     * @param key the plugin's own key listing every member's address in the {@link NodeAddresses} format
     * @param kafkaPortOffset what the plugin adds to a member's Kafka port to make its own port
     * @throws ConfigException when neither {@code key} nor {@code cluster.members} is set (naming both),
     *     when the list does not parse or lacks this node, or when a derived port is beyond 65535
     */
    public static PeerAddresses resolve(PluginContext context, String keyPrefix, ConfigKey<String> key,
            int kafkaPortOffset) {
        String ownKey = keyPrefix + key.name();
        String explicit = context.settings().get(key);
        if (explicit != null && !explicit.isBlank()) {
            return new PeerAddresses(context.nodeId(),
                    NodeAddresses.parseIncluding(ownKey, explicit, context.nodeId()));
        }
        Map<Integer, InetSocketAddress> members = context.clusterMembers();
        if (members.isEmpty()) {
            throw new ConfigException("Config key '" + PluginContext.CLUSTER_MEMBERS_KEY + "' or '" + ownKey
                    + "' is required: " + PluginContext.CLUSTER_MEMBERS_KEY + " lists every node's Kafka address"
                    + " (1=host:9092,2=host:9093,...), and this plugin reaches each node at its Kafka port + "
                    + kafkaPortOffset + "; " + ownKey + " lists this plugin's address of every node instead");
        }
        NodeAddresses.requireIncluded(PluginContext.CLUSTER_MEMBERS_KEY, members, context.nodeId());
        Map<Integer, InetSocketAddress> derived = new TreeMap<>();
        members.forEach((id, kafka) -> {
            int port = kafka.getPort() + kafkaPortOffset;
            if (port > HIGHEST_PORT) {
                throw new ConfigException("Config key '" + PluginContext.CLUSTER_MEMBERS_KEY + "': node " + id
                        + "'s Kafka port " + kafka.getPort() + " + " + kafkaPortOffset + " for " + ownKey
                        + " is beyond " + HIGHEST_PORT + "; set " + ownKey);
            }
            derived.put(id, InetSocketAddress.createUnresolved(kafka.getHostString(), port));
        });
        return new PeerAddresses(context.nodeId(), derived);
    }

    /** Node id to address, unresolved (resolved when used, so a changed DNS entry is picked up), by ascending id. */
    public Map<Integer, InetSocketAddress> byNode() {
        return byNode;
    }

    /** This node's own entry: where the other members reach this plugin. */
    public InetSocketAddress self() {
        return byNode.get(nodeId);
    }
}
