package io.quire.replication.hazelcast;

import static org.awaitility.Awaitility.await;

import io.quire.api.metadata.BrokerInfo;
import io.quire.spi.consensus.Leadership;
import io.quire.tck.replication.MemoryLog;
import io.quire.tck.replication.MemoryLogContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The nodes of one cluster inside the test JVM, each with its own {@link MemoryLog} and an
 * embedded Hazelcast member on a free port of 127.0.0.1.
 */
final class TestCluster implements AutoCloseable {

    static final String CLUSTER_ID = "quire-test";
    static final String SECRET = "the test cluster's shared secret";

    /** What one node is started with; a test changes it to make a node different. */
    static final class NodeSpec {
        String secret = SECRET;
        MemoryLog log = new MemoryLog(0);
        int ringCapacity = 64;
        int batchRecords = 32;
        /** A malicious member: it takes every message as authentic without checking its MAC. */
        boolean ignoresMacs;
    }

    /** One running node. */
    static final class Node {
        private final int id;
        private final NodeSpec spec;
        private final int port;
        private volatile HazelcastReplicationTransport transport;
        private Leadership leadership;

        private Node(int id, NodeSpec spec, int port) {
            this.id = id;
            this.spec = spec;
            this.port = port;
        }

        int id() {
            return id;
        }

        MemoryLog log() {
            return spec.log;
        }

        NodeSpec spec() {
            return spec;
        }

        HazelcastReplicationTransport transport() {
            return transport;
        }

        int port() {
            return port;
        }
    }


    private final Map<Integer, Node> nodes = new TreeMap<>();
    private MemberList members;

    private TestCluster() {}

    static TestCluster start(int size) {
        return start(size, Map.of());
    }

    /** Starts nodes 1..size in parallel and waits until every member sees the others. */
    static TestCluster start(int size, Map<Integer, Consumer<NodeSpec>> changes) {
        TestCluster cluster = new TestCluster();
        try {
            Map<Integer, MemberList.Address> addresses = new TreeMap<>();
            for (int id = 1; id <= size; id++) {
                NodeSpec spec = new NodeSpec();
                changes.getOrDefault(id, s -> {}).accept(spec);
                int port = freePort();
                cluster.nodes.put(id, new Node(id, spec, port));
                addresses.put(id, new MemberList.Address("127.0.0.1", port));
            }
            cluster.members = MemberList.of(addresses);
            List<CompletableFuture<Void>> starts = new ArrayList<>();
            for (Node node : cluster.nodes.values()) {
                starts.add(CompletableFuture.runAsync(() -> cluster.startTransport(node)));
            }
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
            cluster.awaitMembers(size);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void awaitMembers(int size) {
        await().atMost(Duration.ofSeconds(30)).until(() -> nodes.values().stream()
                .allMatch(n -> n.transport.hazelcast().getCluster().getMembers().size() == size));
    }

    Node node(int id) {
        return nodes.get(id);
    }

    /** Tells every node that {@code leaderId} leads {@code epoch}, as consensus would. */
    void elect(int leaderId, long epoch) {
        node(leaderId).log().lead(epoch);
        for (Node node : nodes.values()) {
            node.leadership = new Leadership(epoch, OptionalInt.of(leaderId), node.id);
            node.transport.leadershipChanged(node.leadership);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> node(leaderId).transport.publishing());
    }

    /** The leader's WAL made {@code count} more records durable in its epoch; its transport is told. */
    void append(int leaderId, int count) {
        Node leader = node(leaderId);
        leader.log().append(leader.log().epoch(), count);
        leader.transport.recordsDurable(leader.log().endOffset());
    }

    /** Closes a node's transport and starts a new one over the same log and port, as a restarted process would. */
    void restart(int id) {
        Node node = node(id);
        node.transport.close();
        startTransport(node);
        awaitMembers(nodes.size());
        if (node.leadership != null) {
            node.transport.leadershipChanged(node.leadership);
        }
    }

    private void startTransport(Node node) {
        HazelcastReplicationConfig config = new HazelcastReplicationConfig("127.0.0.1", node.port, null,
                node.spec.ringCapacity, node.spec.batchRecords, 5000, 50, 10);
        byte[] secret = node.spec.secret.getBytes(StandardCharsets.UTF_8);
        Authenticator auth = !node.spec.ignoresMacs ? new Authenticator(secret) : new Authenticator(secret) {
            @Override
            byte[] verify(byte[] signed) {
                return signed == null || signed.length < MAC_BYTES ? null
                        : java.util.Arrays.copyOf(signed, signed.length - MAC_BYTES);
            }
        };
        HazelcastReplicationTransport transport = new HazelcastReplicationTransport(config, members, auth);
        try {
            transport.start(new MemoryLogContext(node.id, CLUSTER_ID,
                    new BrokerInfo(node.id, "127.0.0.1", 19092 + node.id, null), node.spec.log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        node.transport = transport;
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
