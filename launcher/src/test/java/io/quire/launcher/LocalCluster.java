package io.quire.launcher;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Three (or more) node processes replicating over a transport ({@code tcp} or {@code hazelcast})
 * on loopback, led either by node 1 through the {@code static} consensus plugin or by whichever
 * node the {@code ratis} plugin elects. Each node has its own data directory and log under one
 * test directory.
 */
final class LocalCluster implements AutoCloseable {

    private static final Pattern STOPPED = Pattern.compile("Quire node \\d+ stopped at offset (\\d+), digest (\\w+)");
    private static final Pattern TAKES_WRITES = Pattern.compile(
            "Phase 2: Leader of epoch (\\d+) takes writes|Leadership: epoch (\\d+), leader \\d+, this node \\d+ is the leader");
    /** The "transport" of a cluster without metadata WALs: the Ratis log is the metadata log. */
    static final String CONSENSUS_LOG = "consensus-log";

    private final Path dir;
    private final String transport;
    private final List<Integer> replicationPorts;
    /** The Raft ports of the ratis plugin; empty with the static leader. */
    private final List<Integer> consensusPorts;
    private final String secret;
    private final List<String> overrides;
    private final NodeProcess[] nodes;

    private LocalCluster(Path dir, String transport, boolean elected, int size, String secret,
            List<String> overrides) throws IOException {
        this.dir = dir;
        this.transport = transport;
        this.replicationPorts = LoopbackPorts.free(size);
        this.consensusPorts = elected ? LoopbackPorts.free(size) : List.of();
        this.secret = secret;
        this.overrides = overrides;
        this.nodes = new NodeProcess[size];
    }

    /** Starts {@code size} nodes replicating over {@code transport}, each also set with {@code overrides}. */
    static LocalCluster start(Path dir, String transport, int size, String... overrides) throws IOException {
        return start(dir, transport, false, size, overrides);
    }

    /** Starts {@code size} nodes replicating over {@code transport} that elect their leader with Ratis. */
    static LocalCluster startElected(Path dir, String transport, int size, String... overrides) throws IOException {
        return start(dir, transport, true, size, overrides);
    }

    private static LocalCluster start(Path dir, String transport, boolean elected, int size, String... overrides)
            throws IOException {
        LocalCluster cluster = new LocalCluster(dir, transport, elected, size, "test-cluster-shared-secret-0123456789",
                List.of(overrides));
        try {
            for (int node = 1; node <= size; node++) {
                cluster.startNode(node);
            }
            if (elected) {
                cluster.awaitEveryMemberInStep();
            }
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** (Re)starts node {@code id} on its data directory. */
    NodeProcess startNode(int id) throws IOException {
        nodes[id - 1] = NodeProcess.start(log(id), settings(id, secret).toArray(String[]::new));
        return nodes[id - 1];
    }

    /** Starts an outsider: a process that claims to be node {@code id} but holds the wrong secret. */
    NodeProcess startImpostor(int id, Path data) throws IOException {
        List<String> settings = settings(id, "not-the-cluster-secret-but-long-enough");
        settings.replaceAll(s -> s.startsWith("data.dir=") ? "data.dir=" + data : s);
        return NodeProcess.start(dir.resolve("impostor.log"), settings.toArray(String[]::new));
    }

    private List<String> settings(int id, String withSecret) {
        List<String> settings = new ArrayList<>(List.of("node.id=" + id, "data.dir=" + dir.resolve("node" + id)));
        if (transport.equals(CONSENSUS_LOG)) {
            settings.addAll(List.of("plugins.wal=none", "plugins.replication=none"));
        } else {
            settings.addAll(List.of(
                    "plugins.replication=" + transport,
                    "replication." + transport + ".port=" + replicationPorts.get(id - 1),
                    "replication." + transport + (transport.equals("tcp") ? ".peers=" : ".members=")
                            + addresses(replicationPorts),
                    "replication." + transport + ".secret=" + withSecret));
        }
        if (consensusPorts.isEmpty()) {
            settings.add("consensus.static.leader=1");
        } else {
            settings.addAll(List.of("plugins.consensus=ratis", "consensus.ratis.peers=" + addresses(consensusPorts),
                    "consensus.ratis.election-timeout-ms=500"));
        }
        settings.addAll(overrides);
        return settings;
    }

    NodeProcess node(int id) {
        return nodes[id - 1];
    }

    Path log(int id) {
        return dir.resolve("node" + id + ".log");
    }

    /** Stops every node with SIGTERM, the leader last, and returns their final (offset, digest) lines in node order. */
    List<String> stopAndCollectFinalStates() throws InterruptedException {
        // Followers first: stopping the leader first would elect another, which may write (its own
        // registration) while the rest are being stopped, and the nodes would end apart.
        int leader = leader().orElse(1);
        List<Integer> order = new ArrayList<>(IntStream.rangeClosed(1, nodes.length).boxed().toList());
        order.remove(Integer.valueOf(leader));
        order.add(leader);
        String[] states = new String[nodes.length];
        for (int id : order) {
            if (!nodes[id - 1].isAlive()) {
                throw new IllegalStateException("node " + id + " is not running");
            }
            nodes[id - 1].stop();
            Matcher stopped = STOPPED.matcher(NodeProcess.read(log(id)));
            String last = null;
            while (stopped.find()) {
                last = "offset " + stopped.group(1) + ", digest " + stopped.group(2);
            }
            states[id - 1] = last;
        }
        return Arrays.asList(states);
    }

    /**
     * The node that took writes in the newest epoch, as the logs of the running nodes say; empty
     * before any did.
     */
    Optional<Integer> leader() {
        int leader = -1;
        long newest = -1;
        for (int id = 1; id <= nodes.length; id++) {
            if (nodes[id - 1] == null || !nodes[id - 1].isAlive()) {
                continue;
            }
            Matcher took = TAKES_WRITES.matcher(NodeProcess.read(log(id)));
            while (took.find()) {
                long epoch = Long.parseLong(took.group(1) != null ? took.group(1) : took.group(2));
                if (epoch > newest) {
                    newest = epoch;
                    leader = id;
                }
            }
        }
        return leader < 0 ? Optional.empty() : Optional.of(leader);
    }

    /**
     * Waits until every node holds the Raft group's log. Ratis counts no vote from a member whose
     * log is still empty, so a fault injected before that could leave no electable majority.
     */
    void awaitEveryMemberInStep() {
        for (int id = 1; id <= nodes.length; id++) {
            Path nodeLog = log(id);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> NodeProcess.read(nodeLog).contains("holds the group's log"));
        }
    }

    int size() {
        return nodes.length;
    }

    private static String addresses(List<Integer> ports) {
        return IntStream.range(0, ports.size())
                .mapToObj(i -> (i + 1) + "=127.0.0.1:" + ports.get(i))
                .collect(Collectors.joining(","));
    }

    @Override
    public void close() {
        for (NodeProcess node : nodes) {
            if (node != null) {
                node.close();
            }
        }
    }
}
