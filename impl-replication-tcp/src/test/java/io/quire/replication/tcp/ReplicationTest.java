package io.quire.replication.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.quire.api.metadata.BrokerInfo;
import io.quire.replication.tcp.Frame.Hello;
import io.quire.replication.tcp.Frame.Refuse;
import io.quire.tck.replication.MemoryLog;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
            // Both shippers have started, found nothing to send and gone idle.
            await().until(() -> leader.acknowledgedBy(2) == 0 && leader.acknowledgedBy(3) == 0);

            leader.append(1, 5);
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

            CompletableFuture<Void> leaderAppends = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 20; i++) {
                    cluster.append(1, 50);
                }
            });
            // Node 3's disk opens only further down: had the leader waited for it, these could not complete.
            await().untilAsserted(() -> assertThat(leaderAppends).as("20 appends and recordsDurable calls")
                    .isCompleted());
            await().until(() -> cluster.node(2).log().endOffset() == 1000);
            // The slow follower's first accept holds until its disk opens below; the log counts each accept
            // begun, so the count read just before covers all that time.
            await().until(() -> slow.acceptCalls() > 0);
            assertThat(cluster.node(1).log().acknowledgedBy(3)).as("no more than it held when it joined: nothing")
                    .isEqualTo(0);
            assertThat(slow.acceptCalls()).as("accepts begun while the first is stuck").isEqualTo(1);

            disk.countDown();
            await().until(() -> slow.endOffset() == 1000);
            assertThat(slow.overlappingAccepts()).as("accepts that overlapped").isFalse();
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
    void aNodeThatLeadsNoOneShipsToNoOne() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, 2)) {
            assertThatCode(() -> cluster.node(1).transport().recordsDurable(10)).doesNotThrowAnyException();
            cluster.node(2).log().append(1, 5);
            cluster.node(2).transport().recordsDurable(5);

            // Node 2 holds durable records, but no one told it that it leads: a follower asking for them is refused.
            try (RawPeer follower = new RawPeer(cluster.node(2).port())) {
                follower.send(new Hello(FrameCodec.PROTOCOL_VERSION, TestCluster.CLUSTER_ID, 1, new byte[32]));
                assertThat(follower.receive()).isEqualTo(new Refuse("node 2 is not the leader"));
            }
        }
    }
}
