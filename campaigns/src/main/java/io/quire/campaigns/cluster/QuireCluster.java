package io.quire.campaigns.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A cluster of {@link QuireNode}s on 127.0.0.1, laid out as {@code bin/quire cluster} lays one out:
 * node N's Kafka port is base + N - 1 in {@code cluster.members}, from which each plugin takes its
 * own port (replication +199, Raft +399, Hazelcast +499, HTTP +599 from the node's Kafka port).
 */
public final class QuireCluster implements AutoCloseable {

    static final String SECRET_VARIABLE = "QUIRE_CLUSTER_SECRET";
    /** The offsets, from a node's Kafka port, of every port the node listens on. */
    private static final int[] PORT_OFFSETS = {0, 199, 399, 499, 599};
    private static final int HTTP_OFFSET = 599;

    private final List<QuireNode> nodes;

    private QuireCluster(List<QuireNode> nodes) {
        this.nodes = nodes;
    }

    /**
     * Lays out {@code size} nodes under {@code dir} (data and logs) with the {@code settings} each
     * node gets besides its own; nothing starts yet.
     */
    public static QuireCluster layOut(Path home, Path dir, int size, List<String> settings, Random random)
            throws IOException {
        Files.createDirectories(dir);
        int base = freeBase(size, random);
        String members = IntStream.rangeClosed(1, size).mapToObj(n -> n + "=127.0.0.1:" + (base + n - 1))
                .collect(Collectors.joining(","));
        byte[] secret = new byte[16];
        random.nextBytes(secret);
        List<QuireNode> nodes = new ArrayList<>();
        for (int n = 1; n <= size; n++) {
            List<String> nodeSettings = new ArrayList<>(List.of("node.id=" + n, "cluster.members=" + members,
                    "cluster.secret=${env:" + SECRET_VARIABLE + "}", "data.dir=" + dir.resolve("node" + n)));
            nodeSettings.addAll(settings);
            nodes.add(new QuireNode(n, home, dir.resolve("node" + n), dir.resolve("node" + n + ".log"), base + n - 1,
                    base + n - 1 + HTTP_OFFSET, nodeSettings, HexFormat.of().formatHex(secret)));
        }
        return new QuireCluster(List.copyOf(nodes));
    }

    /**
     * The campaigns' cluster: three nodes with file WALs electing their leader with Ratis,
     * replicating over {@code transport} with {@code metadata.acks=acks}, and {@code extra} settings.
     */
    public static QuireCluster ofThree(Path home, Path dir, String transport, String acks, Random random,
            String... extra) throws IOException {
        List<String> settings = new ArrayList<>(List.of("plugins.wal=file", "plugins.replication=" + transport,
                "plugins.consensus=ratis", "metadata.acks=" + acks));
        settings.addAll(List.of(extra));
        return layOut(home, dir, 3, settings, random);
    }

    public List<QuireNode> nodes() {
        return nodes;
    }

    public QuireNode node(int id) {
        return nodes.get(id - 1);
    }

    public String bootstrapServers() {
        return nodes.stream().map(QuireNode::kafkaAddress).collect(Collectors.joining(","));
    }

    public void startAll() throws IOException {
        for (QuireNode node : nodes) {
            node.start();
        }
    }

    /**
     * Waits until every running node answers and follows one leader in one epoch, which is
     * returned; a node may still be catching up.
     */
    public NodeState awaitLeader(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        String last = "";
        while (true) {
            List<NodeState> states = new ArrayList<>();
            for (QuireNode node : nodes) {
                if (node.isRunning()) {
                    node.state().ifPresent(states::add);
                }
            }
            long running = nodes.stream().filter(QuireNode::isRunning).count();
            Optional<NodeState> leader = states.stream().filter(NodeState::isLeader).findFirst();
            if (leader.isPresent() && states.size() == running && states.stream().allMatch(s ->
                    s.leader() == leader.get().node() && s.epoch() == leader.get().epoch())) {
                return leader.get();
            }
            last = states.toString();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no leader that every running node follows within " + limit
                        + "; last states: " + last);
            }
            Thread.sleep(50);
        }
    }

    /**
     * Waits until every node runs, is ready and holds the same records, all applied: the cluster
     * has converged. Returns how long that took.
     */
    public Duration awaitConverged(Duration limit) throws InterruptedException {
        long begin = System.nanoTime();
        String last = "";
        while (true) {
            List<NodeState> states = new ArrayList<>();
            for (QuireNode node : nodes) {
                node.state().ifPresent(states::add);
            }
            if (states.size() == nodes.size() && states.stream().allMatch(s -> s.ready()
                    && s.endOffset() == states.get(0).endOffset() && s.appliedOffset() == s.endOffset() - 1)) {
                return Duration.ofNanos(System.nanoTime() - begin);
            }
            last = states.toString();
            if (System.nanoTime() - begin > limit.toNanos()) {
                throw new IllegalStateException("the nodes did not converge within " + limit + "; last states: " + last);
            }
            Thread.sleep(50);
        }
    }

    /**
     * Stops every node (SIGTERM), so that each logs its final offset and digest: the followers
     * first, the leader last. Stopped first, the leader would leave the others to elect a new one,
     * which writes its registration while the rest are being stopped, and they would end apart.
     */
    public void stopAll() throws InterruptedException {
        List<QuireNode> order = new ArrayList<>();
        QuireNode leader = null;
        for (QuireNode node : nodes) {
            if (node.state().map(NodeState::isLeader).orElse(false)) {
                leader = node;
            } else {
                order.add(node);
            }
        }
        if (leader != null) {
            order.add(leader);
        }
        for (QuireNode node : order) {
            node.stop();
        }
    }

    @Override
    public void close() {
        nodes.forEach(QuireNode::kill);
    }

    /**
     * A base port under the ephemeral range such that every node's every port is free now (the
     * nodes bind them later; a campaign runs alone on the machine's loopback).
     */
    private static int freeBase(int size, Random random) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = 20_000 + random.nextInt(12_000);
            if (allFree(base, size)) {
                return base;
            }
        }
        throw new IOException("no free base port for " + size + " nodes on 127.0.0.1");
    }

    private static boolean allFree(int base, int size) {
        for (int offset : PORT_OFFSETS) {
            for (int n = 0; n < size; n++) {
                try (ServerSocket probe = new ServerSocket(base + offset + n, 1, InetAddress.getLoopbackAddress())) {
                    probe.setReuseAddress(true);
                } catch (IOException taken) {
                    return false;
                }
            }
        }
        return true;
    }
}
