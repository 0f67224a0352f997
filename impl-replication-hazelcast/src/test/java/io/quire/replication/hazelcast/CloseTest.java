package io.quire.replication.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quire.spi.consensus.Leadership;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** close() stops promptly, frees the member's port, and is idempotent. */
@Timeout(60)
class CloseTest {

    @Test
    void closeStopsPromptlyAndFreesThePorts() {
        try (TestCluster cluster = TestCluster.start(2)) {
            cluster.elect(1, 1);
            cluster.append(1, 50);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> cluster.node(2).log().lines().equals(cluster.node(1).log().lines()));

            for (int id : new int[] {2, 1}) {
                TestCluster.Node node = cluster.node(id);
                long start = System.nanoTime();
                node.transport().close();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
                assertThat(node.transport().hazelcast().getLifecycleService().isRunning()).isFalse();
                await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> {
                    try (ServerSocket socket = new ServerSocket(node.port(), 1, InetAddress.getByName("127.0.0.1"))) {
                        return socket.isBound();
                    }
                });
                node.transport().close();
                node.transport().leadershipChanged(new Leadership(5, OptionalInt.of(id), id));
                node.transport().recordsDurable(100);
            }
        }
    }
}
