package io.quire.replication.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quire.tck.replication.MemoryLog;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/** Three real members: records reach every follower in order, exactly once; restarts resume; leadership moves. */
@Timeout(60)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicationTest {

    private static TestCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = TestCluster.start(3);
        cluster.elect(1, 1);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static void awaitSameLog(int leader, int... followers) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (int follower : followers) {
                assertThat(cluster.node(follower).log().lines()).isEqualTo(cluster.node(leader).log().lines());
            }
        });
    }

    @Test
    @Order(1)
    void thousandRecordsReachEveryFollowerInOrderExactlyOnce() {
        for (int i = 0; i < 20; i++) {
            cluster.append(1, 50);
        }
        awaitSameLog(1, 2, 3);
        assertThat(cluster.node(1).log().endOffset()).isEqualTo(1000);
        for (int id : new int[] {2, 3}) {
            MemoryLog log = cluster.node(id).log();
            assertThat(log.acceptCalls()).as("accepts on node %d", id).isEqualTo(1000);
            assertThat(log.offsetsAcceptedTwice()).isEmpty();
            assertThat(log.overlappingAccepts()).isFalse();
            assertThat(log.gapRefusals()).isZero();
            assertThat(log.contractViolations()).isEmpty();
        }
        MemoryLog leader = cluster.node(1).log();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(leader.acknowledgedBy(2)).isEqualTo(1000);
            assertThat(leader.acknowledgedBy(3)).isEqualTo(1000);
        });
        assertThat(leader.joined()).extracting(b -> b.id()).contains(2, 3);
        assertThat(leader.contractViolations()).isEmpty();
        assertThat(cluster.node(2).transport().ringBatchesApplied.get()).as("batches read from the ring").isPositive();
        assertThat(cluster.node(3).transport().ringBatchesApplied.get()).isPositive();
    }

    @Test
    @Order(2)
    void aRestartedFollowerResumesFromItsPosition() {
        cluster.restart(3);
        cluster.append(1, 100);
        awaitSameLog(1, 2, 3);
        MemoryLog log = cluster.node(3).log();
        assertThat(log.offsetsAcceptedTwice()).isEmpty();
        assertThat(log.acceptCalls()).isEqualTo(1100);
        assertThat(cluster.node(1).log().joined()).filteredOn(b -> b.id() == 3).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    @Order(3)
    void followersMoveToTheNewRingWhenLeadershipMoves() {
        cluster.elect(2, 2);
        cluster.append(2, 150);
        awaitSameLog(2, 1, 3);
        assertThat(cluster.node(1).log().endOffset()).isEqualTo(1250);
        assertThat(cluster.node(1).log().offsetsAcceptedTwice()).isEmpty();
        assertThat(cluster.node(3).log().offsetsAcceptedTwice()).isEmpty();
        assertThat(cluster.node(3).log().records().get(1249).epoch()).isEqualTo(2);
    }

    @Test
    @Order(4)
    void aGapInTheFollowersLogIsNeverSkippedButRefetched() {
        MemoryLog log = cluster.node(3).log();
        long end = log.endOffset();
        // When the record at end + 20 arrives, node 3's WAL has lost its last 10 records (a torn tail).
        log.loseTailOnce(end + 20, end - 10);
        cluster.append(2, 40);
        awaitSameLog(2, 1, 3);
        assertThat(log.gapRefusals()).isEqualTo(1);
        assertThat(log.contractViolations()).isEmpty();
        assertThat(log.overlappingAccepts()).isFalse();
    }

    @Test
    @Order(5)
    void aFollowerThatKnowsANewerEpochRefusesTheLeader() {
        try (LogCapture logs = new LogCapture(HazelcastReplicationTransport.class)) {
            MemoryLog log = cluster.node(3).log();
            log.learnEpoch(7);
            long end = log.endOffset();
            cluster.append(2, 10);
            awaitSameLog(2, 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> logs.messages(ch.qos.logback.classic.Level.WARN)
                    .stream().anyMatch(m -> m.startsWith("Refusing leader node 2 of epoch 2")));
            assertThat(log.endOffset()).isEqualTo(end);
            assertThat(log.staleRefusals()).isEqualTo(1);
            cluster.append(2, 10);
            awaitSameLog(2, 1);
            assertThat(log.staleRefusals()).as("no retry until the next leadership event").isEqualTo(1);
        }
    }
}
