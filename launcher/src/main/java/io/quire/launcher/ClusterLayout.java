package io.quire.launcher;

import io.quire.launcher.config.NodeKeys;
import io.quire.launcher.config.RawConfig;
import io.quire.launcher.plugins.PluginKind;
import io.quire.spi.plugin.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What {@code quire cluster} sets on each node: its id, directory and HTTP port, the
 * {@code cluster.members} list from which the node takes its Kafka port and every plugin its own
 * ports (node N's Kafka port is base-port + N - 1), the secret by reference to the environment, and
 * plugins that make a working cluster, each giving way to what the user's {@code --set}s choose.
 */
final class ClusterLayout {

    /** The environment variable that hands the generated secret to the nodes, off their command lines. */
    static final String SECRET_VARIABLE = "QUIRE_CLUSTER_SECRET";
    /** Node N's operations HTTP port is base-port + HTTP_PORT_OFFSET + N: 9691 for node 1 by default. */
    static final int HTTP_PORT_OFFSET = 598;
    /**
     * Node N's Raft, Hazelcast and HTTP ports are base-port + 398 + N, + 498 + N and + 598 + N: a
     * hundred and first node's Raft port would be node 1's Hazelcast port.
     */
    static final int MAX_NODES = 100;

    private static final String HOST = "127.0.0.1";

    private final int nodes;
    private final int basePort;
    private final Path dataDir;
    private final List<String> overrides;
    private final List<String> pluginChoices;

    private ClusterLayout(int nodes, int basePort, Path dataDir, List<String> overrides, List<String> pluginChoices) {
        this.nodes = nodes;
        this.basePort = basePort;
        this.dataDir = dataDir;
        this.overrides = overrides;
        this.pluginChoices = pluginChoices;
    }

    /**
     * The layout of {@code nodes} nodes from {@code basePort}, with the user's {@code overrides}.
     *
     * @throws ConfigException when a port would fall outside 1-65535, an override is not key=value,
     *     or the plugins chosen cannot make a cluster of this size
     */
    static ClusterLayout of(int nodes, int basePort, Path dataDir, List<String> overrides) {
        if (nodes < 1 || nodes > MAX_NODES) {
            throw new ConfigException("--nodes must be between 1 and " + MAX_NODES + ", got " + nodes);
        }
        if (basePort < 1 || basePort + HTTP_PORT_OFFSET + nodes > 65535) {
            throw new ConfigException("--base-port " + basePort + " puts a derived port outside 1-65535: the highest is"
                    + " base-port + " + (HTTP_PORT_OFFSET + nodes));
        }
        Map<String, Object> chosen = RawConfig.empty().withOverrides(overrides).values();
        String wal = choice(chosen, PluginKind.WAL, PluginKind.WAL.defaultName());
        boolean withWal = !wal.equals(PluginKind.NONE);
        // Without a WAL the Raft log is the metadata log: it replicates itself, and only Raft carries it.
        String replication = choice(chosen, PluginKind.REPLICATION, withWal ? "tcp" : PluginKind.NONE);
        String consensus = choice(chosen, PluginKind.CONSENSUS, nodes > 1 || !withWal ? "ratis" : "static");
        if (nodes > 1 && withWal && replication.equals(PluginKind.NONE)) {
            throw new ConfigException(nodes + " nodes with " + PluginKind.WAL.selectorKey() + "=" + wal + " need a"
                    + " replication transport: leave " + PluginKind.REPLICATION.selectorKey() + " unset (tcp) or set it"
                    + " to hazelcast, or run without WALs (" + PluginKind.WAL.selectorKey() + "=" + PluginKind.NONE
                    + ")");
        }
        List<String> pluginChoices = List.of(PluginKind.WAL.selectorKey() + "=" + wal,
                PluginKind.REPLICATION.selectorKey() + "=" + replication,
                PluginKind.CONSENSUS.selectorKey() + "=" + consensus);
        return new ClusterLayout(nodes, basePort, dataDir, List.copyOf(overrides), pluginChoices);
    }

    private static String choice(Map<String, Object> chosen, PluginKind kind, String otherwise) {
        return String.valueOf(chosen.getOrDefault(NodeKeys.selector(kind).name(), otherwise));
    }

    int nodes() {
        return nodes;
    }

    /** Node {@code node}'s {@code --set}s: the layout's, then the user's, which win. */
    List<String> settings(int node) {
        List<String> settings = new ArrayList<>(List.of(
                NodeKeys.NODE_ID.name() + "=" + node,
                NodeKeys.CLUSTER_MEMBERS.name() + "=" + members(),
                NodeKeys.CLUSTER_SECRET.name() + "=${env:" + SECRET_VARIABLE + "}",
                NodeKeys.HTTP_PORT.name() + "=" + httpPort(node),
                NodeKeys.DATA_DIR.name() + "=" + dataDir.resolve("node" + node)));
        settings.addAll(pluginChoices);
        settings.addAll(overrides);
        return settings;
    }

    int httpPort(int node) {
        return basePort + HTTP_PORT_OFFSET + node;
    }

    /** Every node's Kafka address, as Kafka clients take them. */
    String bootstrapServers() {
        return IntStream.rangeClosed(1, nodes).mapToObj(this::kafkaAddress).collect(Collectors.joining(","));
    }

    private String members() {
        return IntStream.rangeClosed(1, nodes).mapToObj(node -> node + "=" + kafkaAddress(node))
                .collect(Collectors.joining(","));
    }

    private String kafkaAddress(int node) {
        return HOST + ":" + (basePort + node - 1);
    }
}
