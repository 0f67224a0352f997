package io.quire.replication.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.quire.spi.replication.ReplicatedRecord;
import io.quire.tck.replication.MemoryLog;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A follower that (re)connects is brought to the leader's log from where it says it is. */
@Timeout(30)
class CatchUpTest {

    @TempDir
    Path dir;

    @Test
    void aRestartedFollowerResumesFromItsStatedPositionWithoutDuplicates() {
        try (LogCapture leaderLines = new LogCapture(Shipper.class);
                TestCluster cluster = TestCluster.start(dir, 3)) {
            cluster.elect(1, 1);
            MemoryLog follower = cluster.node(2).log();
            cluster.append(1, 400);
            await().until(() -> follower.endOffset() >= 100);

            // Mid-stream: batches in flight on the old connection are lost with it.
            cluster.restart(2, false);
            cluster.append(1, 600);

            await().until(() -> follower.endOffset() == 1000);
            assertThat(follower.records()).extracting(ReplicatedRecord::offset)
                    .containsExactlyElementsOf(offsets(0, 1000));
            assertThat(follower.offsetsAcceptedTwice()).isEmpty();
            assertThat(follower.gapRefusals()).isZero();
            List<String> joins = leaderLines.messages(Level.INFO).stream()
                    .filter(line -> line.startsWith("Follower 2 joined")).toList();
            assertThat(joins).hasSize(2);
            assertThat(joins.get(1)).doesNotEndWith("offset 0)");
        }
    }

    @Test
    void followersReconnectByThemselvesWhenTheLeaderComesBack() {
        try (TestCluster cluster = TestCluster.start(dir, 3)) {
            cluster.elect(1, 1);
            cluster.append(1, 300);
            await().until(() -> cluster.node(2).log().endOffset() == 300 && cluster.node(3).log().endOffset() == 300);

            // The leader's process restarts on its port; no leadership event tells the followers.
            cluster.restart(1, true);
            cluster.append(1, 200);

            for (int id : List.of(2, 3)) {
                MemoryLog follower = cluster.node(id).log();
                await().until(() -> follower.endOffset() == 500);
                assertThat(follower.offsetsAcceptedTwice()).isEmpty();
                assertThat(follower.gapRefusals()).isZero();
            }
        }
    }

    @Test
    void aDivergentFollowerTruncatesBeforeItTakesTheLeadersRecords() {
        MemoryLog leader = new MemoryLog(2);
        leader.append(1, 10);
        leader.append(2, 10);
        // Node 2 took five records from the leader of epoch 1 that no one else got.
        MemoryLog divergent = new MemoryLog(1);
        divergent.append(1, 15);
        Map<Integer, Consumer<TestCluster.NodeSpec>> logs = Map.of(
                1, spec -> spec.log = leader,
                2, spec -> spec.log = divergent);

        try (TestCluster cluster = TestCluster.start(dir, 3, logs)) {
            cluster.elect(1, 2);

            await().until(() -> divergent.endOffset() == 20 && cluster.node(3).log().endOffset() == 20);
            assertThat(divergent.truncations()).containsExactly(10L);
            // Streaming started right at the truncation point: nothing needed resending.
            assertThat(divergent.gapRefusals()).isZero();
            assertThat(divergent.lines()).isEqualTo(leader.lines());
            assertThat(cluster.node(3).log().truncations()).isEmpty();
            assertThat(divergent.contractViolations()).isEmpty();
        }
    }

    @Test
    void aFollowerBelowTheLeadersWalGetsTheSnapshotFirst() {
        byte[] state = new byte[6 << 20];
        new Random(42).nextBytes(state);
        MemoryLog leader = MemoryLog.withSnapshot(1, 5000, state);
        leader.append(1, 100);

        try (TestCluster cluster = TestCluster.start(dir, 3, Map.of(1, spec -> spec.log = leader))) {
            cluster.elect(1, 1);

            for (int id : List.of(2, 3)) {
                MemoryLog follower = cluster.node(id).log();
                await().until(() -> follower.endOffset() == 5100);
                assertThat(follower.installedSnapshots()).singleElement().satisfies(snapshot -> {
                    assertThat(snapshot.endOffset()).isEqualTo(5000);
                    assertThat(snapshot.epoch()).isEqualTo(1);
                    assertThat(snapshot.data()).isEqualTo(state);
                });
                assertThat(follower.records()).extracting(ReplicatedRecord::offset)
                        .containsExactlyElementsOf(offsets(5000, 5100));
                await().until(() -> leader.acknowledgedBy(id) == 5100);
            }
            assertThat(dir.resolve("node-2").toFile().list()).as("no half-received snapshot is left").isEmpty();
        }
    }

    @Test
    void aGapIsNeverSkippedTheLeaderResendsFromWhatTheFollowerExpects() {
        MemoryLog follower = new MemoryLog(0);
        // When offset 300 arrives, the follower's log has lost 250..299.
        follower.loseTailOnce(300, 250);

        try (TestCluster cluster = TestCluster.start(dir, 2, Map.of(2, spec -> spec.log = follower))) {
            cluster.elect(1, 1);
            cluster.append(1, 1000);

            await().until(() -> follower.endOffset() == 1000);
            assertThat(follower.gapRefusals()).isEqualTo(1);
            assertThat(follower.lines()).isEqualTo(cluster.node(1).log().lines());
            await().until(() -> cluster.node(1).log().acknowledgedBy(2) == 1000);
            assertThat(cluster.node(1).log().contractViolations()).isEmpty();
        }
    }

    private static List<Long> offsets(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }
}
