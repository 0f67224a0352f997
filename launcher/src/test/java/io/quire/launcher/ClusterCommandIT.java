package io.quire.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code bin/quire cluster}, the README's main command: with nothing set but the plugins, every
 * supported combination of WAL and transport comes up as three node processes on the ports the
 * README lays out, takes a topic through each node, lists it on every node, and stops on SIGTERM.
 * The combinations run one after the other, each on a fresh base port.
 */
class ClusterCommandIT {

    private static final int NODES = 3;
    /** Node N's ports are base-port plus these and N, as the README lays them out. */
    private static final int REPLICATION_OFFSET = 198;
    private static final int RAFT_OFFSET = 398;
    private static final int HAZELCAST_OFFSET = 498;
    private static final int HTTP_OFFSET = 598;

    @TempDir
    Path dir;

    /** A WAL and a transport, and the {@code --set}s that choose them: none for the command's own choice. */
    enum Plugins {
        FILE_TCP(Optional.of("tcp")),
        MAPDB_TCP(Optional.of("tcp"), "plugins.wal=mapdb"),
        FILE_HAZELCAST(Optional.of("hazelcast"), "plugins.replication=hazelcast"),
        MAPDB_HAZELCAST(Optional.of("hazelcast"), "plugins.wal=mapdb", "plugins.replication=hazelcast"),
        /** The Raft log is the metadata log and replicates itself: no transport, and none needs setting. */
        NO_WAL(Optional.empty(), "plugins.wal=none");

        final Optional<String> transport;
        final List<String> sets;

        Plugins(Optional<String> transport, String... sets) {
            this.transport = transport;
            this.sets = List.of(sets);
        }
    }

    @ParameterizedTest
    @EnumSource
    void runsThreeNodesThatTakeATopicThroughEachAndStopTogether(Plugins plugins) throws Exception {
        int basePort = LoopbackPorts.freeBase(IntStream.rangeClosed(1, NODES).flatMap(node -> IntStream.of(node - 1,
                REPLICATION_OFFSET + node, RAFT_OFFSET + node, HAZELCAST_OFFSET + node, HTTP_OFFSET + node)).toArray());
        Path out = dir.resolve("cluster.out");
        Process cluster = startCluster(out, basePort, plugins.sets);
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> NodeProcess.read(out).contains("is running"));
            for (int node = 1; node <= NODES; node++) {
                assertThat(NodeProcess.read(out)).as("the ports the README lays out, of the plugins in use")
                        .contains(portsLine(node, basePort, plugins.transport));
                assertThat(NodeProcess.read(log(node)))
                        .as("Ratis elects the leader, loaded from the class path by its name")
                        .containsPattern("Plugin plugins.consensus = ratis .*\\[class path: .*quire-consensus-ratis");
            }
            List<ProcessHandle> nodes = cluster.descendants()
                    .filter(p -> p.info().command().orElse("").endsWith("java")).toList();
            assertThat(nodes).hasSize(NODES);
            assertThat(nodes).allSatisfy(node -> assertThat(node.info().commandLine().orElse(""))
                    .as("the secret stays off command lines that ps shows")
                    .contains("cluster.secret=${env:" + ClusterLayout.SECRET_VARIABLE + "}"));

            createATopicThroughEachNodeAndSeeItOnEvery(basePort);
            long replicatingNodes = IntStream.rangeClosed(1, NODES).mapToObj(node -> NodeProcess.read(log(node)))
                    .filter(log -> log.contains(plugins.transport.isPresent()
                            ? "METADATA✓ Replicated: __quire_metadata-0 offset"
                            : "Phase 1: applied CreateTopic via-node-1"))
                    .count();
            assertThat(replicatingNodes).as("the followers replicate the leader's WAL, or every member applies the"
                    + " Raft log").isEqualTo(plugins.transport.isPresent() ? NODES - 1 : NODES);

            cluster.destroy();
            assertThat(cluster.waitFor(60, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() -> nodes.stream().noneMatch(ProcessHandle::isAlive));
            for (int node = 1; node <= NODES; node++) {
                assertThat(NodeProcess.read(log(node))).contains("Quire node " + node + " stopped");
            }
        } finally {
            cluster.descendants().forEach(ProcessHandle::destroyForcibly);
            cluster.destroyForcibly();
        }
    }

    @Test
    void stopsAtOnceWithTheNodesMessageOnACombinationThatCannotRun() throws Exception {
        Path out = dir.resolve("cluster.out");
        Process cluster = startCluster(out, LoopbackPorts.freeBase(0),
                List.of("plugins.wal=none", "plugins.replication=tcp"));
        try {
            assertThat(cluster.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(cluster.exitValue()).isEqualTo(Main.CONFIG_ERROR);
            assertThat(NodeProcess.read(out)).startsWith("quire cluster: invalid configuration: plugins.wal=none makes"
                    + " the consensus log the metadata log, which replicates itself: set plugins.replication=none");
            assertThat(dir.resolve("logs")).as("no node was started").doesNotExist();
        } finally {
            cluster.destroyForcibly();
        }
    }

    private Process startCluster(Path out, int basePort, List<String> sets) throws IOException {
        Path script = Path.of("..", "bin", "quire").toAbsolutePath().normalize();
        List<String> command = new ArrayList<>(List.of(script.toString(), "cluster", "--nodes", Integer.toString(NODES),
                "--base-port", Integer.toString(basePort), "--data-dir", dir.resolve("data").toString(),
                "--logs-dir", dir.resolve("logs").toString()));
        sets.forEach(set -> command.addAll(List.of("--set", set)));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("QUIRE_SKIP_BUILD", "1");
        return builder.redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }

    /** What the command prints of node {@code node}'s ports, up to its log's name. */
    private static String portsLine(int node, int basePort, Optional<String> transport) {
        String replication = transport.map(name -> ", replication (" + name + ") on 127.0.0.1:"
                + (basePort + node + (name.equals("tcp") ? REPLICATION_OFFSET : HAZELCAST_OFFSET))).orElse("");
        return "node " + node + ": Kafka 127.0.0.1:" + (basePort + node - 1) + replication
                + ", consensus (ratis) on 127.0.0.1:" + (basePort + RAFT_OFFSET + node)
                + ", metrics and health http://127.0.0.1:" + (basePort + HTTP_OFFSET + node) + ", log ";
    }

    /**
     * Creates topic via-node-N with an AdminClient that knows only node N (it sends the create to the
     * controller, the leader), then waits until every node lists every topic from its own state.
     */
    private static void createATopicThroughEachNodeAndSeeItOnEvery(int basePort) throws Exception {
        for (int node = 1; node <= NODES; node++) {
            try (Admin admin = TestNodes.admin(basePort + node - 1)) {
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> admin.describeCluster().nodes().get().size() == NODES);
                admin.createTopics(List.of(new NewTopic("via-node-" + node, 1, (short) NODES))).all().get();
            }
        }
        List<String> topics = IntStream.rangeClosed(1, NODES).mapToObj(node -> "via-node-" + node).toList();
        for (int node = 1; node <= NODES; node++) {
            int port = basePort + node - 1;
            await().atMost(Duration.ofSeconds(60)).until(() -> OneNode.topics(port).containsAll(topics));
        }
    }

    private Path log(int node) {
        return dir.resolve("logs").resolve("node" + node + ".log");
    }
}
