package io.quire.replication.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quire.tck.replication.MemoryLog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Catch-up through the leader when the ring no longer holds a follower's position; snapshots; slow followers. */
@Timeout(60)
class CatchUpTest {

    private static void awaitSameLog(TestCluster cluster, int leader, int... followers) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (int follower : followers) {
                assertThat(cluster.node(follower).log().lines()).isEqualTo(cluster.node(leader).log().lines());
            }
        });
    }

    @Test
    void aSlowFollowerNeitherSlowsTheLeaderNorTheOthersAndCatchesUpWhenTheRingWasOverwritten() throws Exception {
        // A ring of 4 batches of 8 records: 400 records overwrite it many times over.
        try (TestCluster cluster = TestCluster.start(3, Map.of(
                1, s -> { s.ringCapacity = 4; s.batchRecords = 8; },
                2, s -> { s.ringCapacity = 4; s.batchRecords = 8; },
                3, s -> { s.ringCapacity = 4; s.batchRecords = 8; }))) {
            cluster.elect(1, 1);
            cluster.append(1, 10);
            awaitSameLog(cluster, 1, 2, 3);

            CountDownLatch gate = cluster.node(3).log().closeGate();
            CompletableFuture<Void> leaderAppends = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 40; i++) {
                    cluster.append(1, 10);
                }
            });
            // Node 3's disk opens only further down: had the leader waited for it, these could not complete.
            await().untilAsserted(() -> assertThat(leaderAppends).as("40 appends and recordsDurable calls")
                    .isCompleted());
            awaitSameLog(cluster, 1, 2);
            assertThat(cluster.node(2).transport().ringBatchesApplied.get()).as("node 2 read the ring").isPositive();
            assertThat(cluster.node(3).log().endOffset()).isLessThan(410);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> cluster.node(1).log().acknowledgedBy(2) == 410);

            long fetchesBefore = cluster.node(1).transport().fetchesAnswered.get();
            gate.countDown();
            awaitSameLog(cluster, 1, 3);
            // Node 3's ring position was overwritten: it caught up through the leader.
            assertThat(cluster.node(1).transport().fetchesAnswered.get()).isGreaterThan(fetchesBefore);
            MemoryLog slow = cluster.node(3).log();
            assertThat(slow.offsetsAcceptedTwice()).isEmpty();
            assertThat(slow.overlappingAccepts()).isFalse();
            assertThat(slow.acceptCalls()).isEqualTo(410);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> cluster.node(1).log().acknowledgedBy(3) == 410);
        }
    }

    @Test
    void aFollowerWhoseOffsetTheLeaderNoLongerHoldsGetsTheSnapshotFirst() {
        byte[] state = "state machine up to offset 100".getBytes(StandardCharsets.UTF_8);
        MemoryLog leaderLog = MemoryLog.withSnapshot(1, 100, state);
        try (TestCluster cluster = TestCluster.start(2, Map.of(1, s -> s.log = leaderLog))) {
            leaderLog.append(1, 50);
            cluster.elect(1, 1);
            cluster.append(1, 30);
            awaitSameLog(cluster, 1, 2);
            MemoryLog follower = cluster.node(2).log();
            assertThat(follower.installedSnapshots()).hasSize(1);
            assertThat(follower.installedSnapshots().get(0).endOffset()).isEqualTo(100);
            assertThat(follower.installedSnapshots().get(0).epoch()).isEqualTo(1);
            assertThat(follower.installedSnapshots().get(0).data()).isEqualTo(state);
            assertThat(follower.endOffset()).isEqualTo(180);
            assertThat(follower.acceptCalls()).isEqualTo(80);
            assertThat(cluster.node(1).transport().snapshotsSent.get()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> leaderLog.acknowledgedBy(2) == 180);
        }
    }

    @Test
    void aFollowerWithADivergentSuffixTruncatesItFirst() {
        MemoryLog leaderLog = new MemoryLog(0);
        leaderLog.append(1, 20);
        leaderLog.append(3, 5);
        MemoryLog followerLog = new MemoryLog(0);
        followerLog.append(1, 20);
        followerLog.append(2, 7); // written by a deposed leader of epoch 2, never reached the new leader
        try (TestCluster cluster = TestCluster.start(2, Map.of(1, s -> s.log = leaderLog, 2, s -> s.log = followerLog))) {
            cluster.elect(1, 3);
            cluster.append(1, 10);
            awaitSameLog(cluster, 1, 2);
            assertThat(followerLog.truncations()).containsExactly(20L);
            assertThat(followerLog.contractViolations()).isEmpty();
        }
    }

    @Test
    void aFollowerThatMissedRecordsBeforeTheRingStartedCatchesUpThroughTheLeader() {
        MemoryLog leaderLog = new MemoryLog(0);
        leaderLog.append(1, 300);
        try (TestCluster cluster = TestCluster.start(2, Map.of(1, s -> s.log = leaderLog))) {
            cluster.elect(1, 1);
            cluster.append(1, 20);
            awaitSameLog(cluster, 1, 2);
            assertThat(cluster.node(2).log().acceptCalls()).isEqualTo(320);
        }
    }
}
