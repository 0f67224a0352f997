package io.quire.replication.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.quire.api.metadata.BrokerInfo;
import io.quire.tck.replication.MemoryLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One leader, two followers, real sockets: records reach every follower in order, once each. */
@Timeout(30)
class ReplicationTest {

    @TempDir
    Path dir;

    @Test
    void everyFollowerAppliesEveryRecordOnceAndInOrder() {
        try (TestCluster cluster = TestCluster.start(dir, 3)) {
            cluster.elect(1, 1);
            for (int i = 0; i < 10; i++) {
                cluster.append(1, 100);
            }

            MemoryLog leader = cluster.node(1).log();
            for (int follower : List.of(2, 3)) {
                MemoryLog log = cluster.node(follower).log();
                await().until(() -> log.endOffset() == 1000);
                assertThat(log.lines()).isEqualTo(leader.lines());
                assertThat(log.acceptCalls()).isEqualTo(1000);
                assertThat(log.gapRefusals()).isZero();
                assertThat(log.overlappingAccepts()).isFalse();
                await().until(() -> leader.acknowledgedBy(follower) == 1000);
            }
            assertThat(leader.joined()).extracting(BrokerInfo::id).containsExactlyInAnyOrder(2, 3);
            assertThat(leader.contractViolations()).isEmpty();
        }
    }

    @Test
    void recordsCarryTheLeadersEndOffsetAsHighWatermark() {
        try (TestCluster cluster = TestCluster.start(dir, 2)) {
            cluster.elect(1, 1);
            cluster.append(1, 10);

            MemoryLog follower = cluster.node(2).log();
            await().until(() -> follower.endOffset() == 10);
            // All ten were durable before the first was sent.
            assertThat(follower.records()).allSatisfy(record -> assertThat(record.leaderHighWatermark()).isEqualTo(10));
        }
    }

    @Test
    void recordsDurableWakesTheShippers() {
        try (TestCluster cluster = TestCluster.start(dir, 3)) {
            cluster.elect(1, 1);
            MemoryLog leader = cluster.node(1).log();
            await().until(() -> leader.joined().size() == 2);

            // Durable in the WAL, but the transport was not told: nothing moves.
            leader.append(1, 5);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(() -> cluster.node(2).log().endOffset() == 0 && cluster.node(3).log().endOffset() == 0);

            cluster.node(1).transport().recordsDurable(leader.endOffset());
            await().until(() -> cluster.node(2).log().endOffset() == 5 && cluster.node(3).log().endOffset() == 5);
        }
    }

    @Test
    void aSlowFollowerHoldsUpNeitherTheOtherFollowerNorTheLeader() {
        try (TestCluster cluster = TestCluster.start(dir, 3)) {
            MemoryLog slow = cluster.node(3).log();
            CountDownLatch disk = slow.closeGate();
            cluster.elect(1, 1);
            await().until(() -> cluster.node(1).log().joined().size() == 2);

            long started = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                cluster.append(1, 50);
            }
            Duration leaderTime = Duration.ofNanos(System.nanoTime() - started);

            await().until(() -> cluster.node(2).log().endOffset() == 1000);
            assertThat(leaderTime).as("20 appends and recordsDurable calls").isLessThan(Duration.ofSeconds(1));
            // The slow follower is stuck in its first accept, and is handed nothing else meanwhile.
            await().until(() -> slow.acceptCalls() == 1);
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> slow.acceptCalls() == 1);
            assertThat(cluster.node(1).log().acknowledgedBy(3)).as("no more than it held when it joined: nothing")
                    .isEqualTo(0);

            disk.countDown();
            await().until(() -> slow.endOffset() == 1000);
            assertThat(slow.acceptCalls()).isEqualTo(1000);
            assertThat(slow.gapRefusals()).isZero();
        }
    }

    @Test
    void logsEachJoinedFollower() {
        try (LogCapture leaders = new LogCapture(Shipper.class);
                TestCluster cluster = TestCluster.start(dir, 2)) {
            cluster.elect(1, 1);
            cluster.append(1, 3);
            await().until(() -> cluster.node(2).log().endOffset() == 3);

            assertThat(leaders.messages(Level.INFO)).contains("Follower 2 joined at (epoch -1, offset 0)");
        }
    }

    @Test
    void aNodeThatLeadsNoOneFollowsNoOne() {
        try (TestCluster cluster = TestCluster.start(dir, 2)) {
            assertThatCode(() -> cluster.node(1).transport().recordsDurable(10)).doesNotThrowAnyException();
            cluster.node(2).log().append(1, 5);
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                    .until(() -> cluster.node(1).log().endOffset() == 0);
        }
    }
}
