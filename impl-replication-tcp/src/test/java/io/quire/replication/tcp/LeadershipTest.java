package io.quire.replication.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.quire.api.metadata.BrokerInfo;
import io.quire.spi.consensus.Leadership;
import io.quire.tck.replication.MemoryLog;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Leadership events move the followers; close() stops everything, promptly. */
@Timeout(30)
class LeadershipTest {

    @TempDir
    Path dir;

    @Test
    void theOldLeadersFollowersFollowTheNewLeader() {
        try (TestCluster cluster = TestCluster.start(dir, 3)) {
            cluster.elect(1, 1);
            cluster.append(1, 100);
            await().until(() -> cluster.node(2).log().endOffset() == 100 && cluster.node(3).log().endOffset() == 100);

            cluster.elect(2, 2);
            cluster.append(2, 50);

            MemoryLog newLeader = cluster.node(2).log();
            for (int id : List.of(1, 3)) {
                MemoryLog follower = cluster.node(id).log();
                await().until(() -> follower.endOffset() == 150);
                assertThat(follower.lines()).isEqualTo(newLeader.lines());
                assertThat(follower.offsetsAcceptedTwice()).isEmpty();
            }
            assertThat(newLeader.joined()).extracting(BrokerInfo::id).containsExactlyInAnyOrder(1, 3);
            assertThat(cluster.node(1).log().acknowledgedBy(3)).isEqualTo(100);
        }
    }

    @Test
    void aLeaderInANewEpochMakesItsFollowersJoinAgain() {
        try (LogCapture leaderLines = new LogCapture(Shipper.class);
                TestCluster cluster = TestCluster.start(dir, 3)) {
            cluster.elect(1, 1);
            cluster.append(1, 10);
            await().until(() -> cluster.node(2).log().endOffset() == 10 && cluster.node(3).log().endOffset() == 10);

            // Only the leader hears of its new epoch yet: its followers must still be moved to it.
            cluster.node(1).log().lead(2);
            cluster.node(1).transport().leadershipChanged(new Leadership(2, OptionalInt.of(1), 1));
            cluster.append(1, 10);

            await().until(() -> cluster.node(2).log().endOffset() == 20 && cluster.node(3).log().endOffset() == 20);
            assertThat(joins(leaderLines, 2)).isEqualTo(2);
            assertThat(joins(leaderLines, 3)).isEqualTo(2);
        }
    }

    @Test
    void aFollowerRefusesAStaleLeaderAndWaitsForTheNextLeadershipEvent() {
        try (LogCapture followerLines = new LogCapture(ReplicaStream.class);
                LogCapture leaderLines = new LogCapture(Shipper.class);
                TestCluster cluster = TestCluster.start(dir, 2)) {
            // Node 2 already knows of epoch 5; node 1 still ships records of epoch 2.
            cluster.node(2).log().learnEpoch(5);
            cluster.elect(1, 2);
            cluster.append(1, 10);

            await().until(() -> followerLines.messages(Level.WARN).contains(
                    "Refusing leader 1: record of epoch 2 refused: epoch 5 is known; waiting for a new leader"));
            await().during(Duration.ofMillis(5 * TestCluster.CONFIG.reconnectBackoffMs()))
                    .atMost(Duration.ofSeconds(3))
                    .until(() -> joins(leaderLines, 2) == 1);
            assertThat(cluster.node(2).log().endOffset()).isZero();

            cluster.elect(1, 6);
            await().until(() -> joins(leaderLines, 2) == 2);
        }
    }

    @Test
    void leadershipWithNoLeaderDropsTheConnection() {
        try (TestCluster cluster = TestCluster.start(dir, 2)) {
            cluster.elect(1, 1);
            cluster.append(1, 10);
            await().until(() -> cluster.node(2).log().endOffset() == 10);

            cluster.node(2).transport().leadershipChanged(new Leadership(2, OptionalInt.empty(), 2));
            cluster.append(1, 10);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(() -> cluster.node(2).log().endOffset() == 10);
        }
    }

    @Test
    void closeStopsThreadsAndFreesPortsPromptly() throws Exception {
        TestCluster cluster = TestCluster.start(dir, 3);
        int[] ports = {cluster.node(1).port(), cluster.node(2).port(), cluster.node(3).port()};
        cluster.node(3).log().closeGate();
        cluster.elect(1, 1);
        cluster.append(1, 1000);
        await().until(() -> cluster.node(2).log().endOffset() > 0 && cluster.node(3).log().acceptCalls() == 1);

        long started = System.nanoTime();
        cluster.close();
        // Node 3's apply thread was stuck in its log: close interrupts it rather than waiting.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));

        await().atMost(Duration.ofSeconds(5)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(thread -> thread.getName().startsWith("quire-replication-")));
        for (int port : ports) {
            try (ServerSocket rebound = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(rebound.getLocalPort()).isEqualTo(port);
            }
        }
    }

    @Test
    void aClosedTransportIgnoresLateEvents() {
        EngineProbe engine = new EngineProbe();
        try (TestCluster cluster = TestCluster.start(dir, 2, Map.of(2, spec -> spec.engine = engine::watch))) {
            cluster.elect(1, 1);
            cluster.append(1, 10);
            await().until(() -> cluster.node(2).log().endOffset() == 10);
            TcpReplicationTransport transport = cluster.node(2).transport();
            transport.close();
            List<String> reachedWhileOpen = engine.calls();
            assertThat(reachedWhileOpen).as("what the probe saw of node 2 following").contains("FollowerLog.accept");

            // Late events of each kind: to lead, records to ship, to follow, to close.
            transport.leadershipChanged(new Leadership(2, OptionalInt.of(2), 2));
            transport.recordsDurable(10);
            transport.leadershipChanged(new Leadership(3, OptionalInt.of(1), 2));
            transport.close();

            // close() ended every thread of the transport and its executors refuse new work: a late event
            // could act only within the calls above, so what has not reached the engine by now never will.
            assertThat(engine.callsAfter(reachedWhileOpen.size())).as("calls into node 2's engine after close")
                    .isEmpty();
        }
    }

    private static long joins(LogCapture leaderLines, int followerId) {
        return leaderLines.messages(Level.INFO).stream()
                .filter(line -> line.startsWith("Follower " + followerId + " joined"))
                .count();
    }
}
