package io.quire.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/quire cluster}, the README's main command: three node processes, stopped together. */
class ClusterCommandIT {

    @TempDir
    Path dir;

    @Test
    void startsThreeReplicatingNodesAndSigtermStopsThemAll() throws Exception {
        int basePort = LoopbackPorts.freeBase(0, 1, 2, ClusterCommand.REPLICATION_PORT_OFFSET + 1,
                ClusterCommand.REPLICATION_PORT_OFFSET + 2, ClusterCommand.REPLICATION_PORT_OFFSET + 3,
                ClusterCommand.CONSENSUS_PORT_OFFSET + 1, ClusterCommand.CONSENSUS_PORT_OFFSET + 2,
                ClusterCommand.CONSENSUS_PORT_OFFSET + 3);
        Path out = dir.resolve("cluster.out");
        Path script = Path.of("..", "bin", "quire").toAbsolutePath().normalize();
        ProcessBuilder builder = new ProcessBuilder(script.toString(), "cluster", "--nodes", "3",
                "--base-port", Integer.toString(basePort), "--data-dir", dir.resolve("data").toString(),
                "--logs-dir", dir.resolve("logs").toString(), "--set", "snapshot.every-records=1000");
        builder.environment().put("QUIRE_SKIP_BUILD", "1");
        Process cluster = builder
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> NodeProcess.read(out).contains("is running"));
            assertThat(NodeProcess.read(out))
                    .contains("node 1: Kafka 127.0.0.1:" + basePort)
                    .contains("node 2: Kafka 127.0.0.1:" + (basePort + 1))
                    .contains("node 3: Kafka 127.0.0.1:" + (basePort + 2));
            List<ProcessHandle> nodes = cluster.descendants().filter(p -> p.info().command().orElse("").endsWith("java"))
                    .filter(p -> p.pid() != cluster.pid()).toList();
            assertThat(nodes).hasSize(3);
            assertThat(nodes).allSatisfy(node -> assertThat(node.info().commandLine().orElse(""))
                    .as("the secret stays off command lines that ps shows")
                    .contains("replication.tcp.secret=${env:" + ClusterCommand.SECRET_VARIABLE + "}"));

            for (int node = 1; node <= 3; node++) {
                assertThat(NodeProcess.read(dir.resolve("logs").resolve("node" + node + ".log")))
                        .as("Ratis elects the leader, loaded from the class path by its name")
                        .containsPattern("Plugin plugins.consensus = ratis .*\\[class path: .*quire-consensus-ratis");
            }
            try (Admin admin = TestNodes.admin(basePort + 1)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> admin.describeCluster().nodes().get().size() == 3);
                admin.createTopics(List.of(new NewTopic("through-the-cluster", 3, (short) 3))).all().get();
            }
            for (int node = 0; node < 3; node++) {
                int port = basePort + node;
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> OneNode.topics(port).contains("through-the-cluster"));
            }
            long followersReplicating = IntStream.rangeClosed(1, 3)
                    .mapToObj(node -> NodeProcess.read(dir.resolve("logs").resolve("node" + node + ".log")))
                    .filter(log -> log.contains("METADATA✓ Replicated: __quire_metadata-0 offset"))
                    .count();
            assertThat(followersReplicating).as("both followers replicate the leader's WAL").isEqualTo(2);

            cluster.destroy();
            assertThat(cluster.waitFor(60, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() -> nodes.stream().noneMatch(ProcessHandle::isAlive));
            for (int node = 1; node <= 3; node++) {
                assertThat(NodeProcess.read(dir.resolve("logs").resolve("node" + node + ".log")))
                        .contains("Quire node " + node + " stopped");
            }
        } finally {
            cluster.descendants().forEach(ProcessHandle::destroyForcibly);
            cluster.destroyForcibly();
        }
    }
}
