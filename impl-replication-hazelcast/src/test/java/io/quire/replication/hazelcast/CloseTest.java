package io.quire.replication.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.quire.spi.consensus.Leadership;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** close() stops promptly, frees the member's port, and is idempotent. */
@Timeout(60)
class CloseTest {

    @Test
    void closeStopsPromptlyAndFreesThePorts() {
        try (LogCapture transportLines = new LogCapture(HazelcastReplicationTransport.class);
                TestCluster cluster = TestCluster.start(2)) {
            cluster.elect(1, 1);
            cluster.append(1, 50);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> cluster.node(2).log().lines().equals(cluster.node(1).log().lines()));

            for (int id : new int[] {2, 1}) {
                TestCluster.Node node = cluster.node(id);
                String member = node.transport().hazelcast().getName();
                assertThat(threadsOf(id, member)).as("node %d's threads while it runs", id).isNotEmpty();
                node.transport().close();
                // close() waits for the apply lane at most a while, and says so when it gives up.
                assertThat(transportLines.messages(Level.WARN)).as("close gave up waiting")
                        .noneMatch(line -> line.startsWith("The follower apply lane did not stop"));
                assertThat(node.transport().hazelcast().getLifecycleService().isRunning()).isFalse();
                if (id == 2) {
                    await("node 1 sees node 2 leave")
                            .until(() -> cluster.node(1).transport().hazelcast().getCluster().getMembers().size() == 1);
                }
                await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> {
                    try (ServerSocket socket = new ServerSocket(node.port(), 1, InetAddress.getByName("127.0.0.1"))) {
                        return socket.isBound();
                    }
                });
                node.transport().close();
                node.transport().leadershipChanged(new Leadership(5, OptionalInt.of(id), id));
                node.transport().recordsDurable(100);
                // Neither close nor the late events left a thread of this node running.
                await().untilAsserted(() -> assertThat(threadsOf(id, member)).as("node %d's threads", id).isEmpty());
            }
        }
    }

    /** The live threads of node {@code id}: its transport's own and its Hazelcast member's. */
    private static List<String> threadsOf(int id, String member) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.equals("quire-hz-follower-" + id)
                        || name.startsWith("quire-hz-publisher-" + id + "-") || name.contains(member))
                .toList();
    }
}
