package io.quire.replication.tcp;

import io.quire.api.metadata.BrokerInfo;
import io.quire.spi.consensus.Leadership;
import io.quire.spi.replication.ReplicationContext;
import io.quire.tck.replication.MemoryLog;
import io.quire.tck.replication.MemoryLogContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The nodes of one cluster inside the test JVM, each with its own {@link MemoryLog} and transport
 * on a free port of 127.0.0.1. The transports bind port 0 first and learn each other's ports after.
 */
final class TestCluster implements AutoCloseable {

    static final String CLUSTER_ID = "quire-test";
    static final String SECRET = "the test cluster's shared secret";

    /** Settings shared by every test node: small batches so that 1000 records take many of them. */
    static final TcpReplicationConfig CONFIG = new TcpReplicationConfig("127.0.0.1", 0, 8 << 20, 64, 4, 50, 2000);

    /** What one node is started with; a test changes it to make a node different. */
    static final class NodeSpec {
        String clusterId = CLUSTER_ID;
        String secret = SECRET;
        MemoryLog log = new MemoryLog(0);
        /** Wraps the engine's side the transport is started with, for a test that watches what reaches it. */
        UnaryOperator<ReplicationContext> engine = UnaryOperator.identity();
    }

    /** One running node. */
    static final class Node {
        private final int id;
        private final NodeSpec spec;
        private final Path dir;
        private TcpReplicationTransport transport;
        private Leadership leadership;

        private Node(int id, NodeSpec spec, Path dir) {
            this.id = id;
            this.spec = spec;
            this.dir = dir;
        }

        int id() {
            return id;
        }

        MemoryLog log() {
            return spec.log;
        }

        TcpReplicationTransport transport() {
            return transport;
        }

        int port() {
            return transport.port();
        }
    }


    private final Map<Integer, Node> nodes = new TreeMap<>();
    private final Map<Integer, Integer> ports = new HashMap<>();

    private TestCluster() {}

    static TestCluster start(Path dir, int size) {
        return start(dir, size, Map.of());
    }

    /** Starts nodes 1..size; {@code changes} adjusts the spec of some of them. */
    static TestCluster start(Path dir, int size, Map<Integer, Consumer<NodeSpec>> changes) {
        TestCluster cluster = new TestCluster();
        try {
            for (int id = 1; id <= size; id++) {
                NodeSpec spec = new NodeSpec();
                changes.getOrDefault(id, s -> {}).accept(spec);
                cluster.nodes.put(id, new Node(id, spec, Files.createDirectories(dir.resolve("node-" + id))));
            }
            for (Node node : cluster.nodes.values()) {
                cluster.startTransport(node, 0);
            }
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        return cluster;
    }

    Node node(int id) {
        return nodes.get(id);
    }

    /** Tells every node that {@code leaderId} leads {@code epoch}, as consensus would. */
    void elect(int leaderId, long epoch) {
        node(leaderId).log().lead(epoch);
        for (Node node : nodes.values()) {
            announce(node, new Leadership(epoch, OptionalInt.of(leaderId), node.id));
        }
    }

    /** The leader's WAL made {@code count} more records durable in its epoch; its transport is told. */
    void append(int leaderId, int count) {
        Node leader = node(leaderId);
        leader.log().append(leader.log().epoch(), count);
        leader.transport.recordsDurable(leader.log().endOffset());
    }

    /**
     * Closes a node's transport and starts a new one over the same log, as a restarted process
     * would, on the same port or on a new one.
     */
    void restart(int id, boolean samePort) {
        Node node = node(id);
        int port = node.port();
        node.transport.close();
        startTransport(node, samePort ? port : 0);
        if (node.leadership != null) {
            node.transport.leadershipChanged(node.leadership);
        }
    }

    private void announce(Node node, Leadership leadership) {
        node.leadership = leadership;
        node.transport.leadershipChanged(leadership);
    }

    private void startTransport(Node node, int port) {
        TcpReplicationConfig config = new TcpReplicationConfig(CONFIG.host(), port, CONFIG.maxFrameBytes(),
                CONFIG.batchRecords(), CONFIG.maxInFlightBatches(), CONFIG.reconnectBackoffMs(),
                CONFIG.handshakeTimeoutMs());
        node.transport = new TcpReplicationTransport(config, peers(),
                new PeerAuthenticator(node.spec.secret.getBytes(StandardCharsets.UTF_8)), node.dir);
        try {
            node.transport.start(node.spec.engine.apply(new MemoryLogContext(node.id, node.spec.clusterId,
                    new BrokerInfo(node.id, "127.0.0.1", 19092 + node.id, null), node.spec.log)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ports.put(node.id, node.transport.port());
        for (Node other : nodes.values()) {
            if (other.transport != null) {
                other.transport.usePeerAddresses(peers());
            }
        }
    }

    /** Every node's address; a node not started yet gets a placeholder until it is. */
    private PeerList peers() {
        Map<Integer, InetSocketAddress> addresses = new TreeMap<>();
        for (int id : nodes.keySet()) {
            addresses.put(id, InetSocketAddress.createUnresolved("127.0.0.1", ports.getOrDefault(id, 1)));
        }
        return PeerList.of(addresses);
    }

    @Override
    public void close() {
        for (Node node : nodes.values()) {
            if (node.transport != null) {
                node.transport.close();
            }
        }
    }
}
