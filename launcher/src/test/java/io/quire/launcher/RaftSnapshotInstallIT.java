package io.quire.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follower that was down while the others snapshotted and purged the Raft log it still needs
 * comes back through the leader's snapshot, which Ratis installs into it, and takes writes again.
 * Found by the crash campaign: Ratis reloads a state machine after an install only once it paused
 * it, and closed the follower's Raft server instead; the node ran on, following an epoch that was
 * over, and could not vote: with the leader gone, the two nodes left elected no one.
 */
class RaftSnapshotInstallIT {

    private static final Duration ELECTION = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aFollowerBehindThePurgedRaftLogInstallsTheLeadersSnapshotAndForwardsWritesAgain() throws Exception {
        try (LocalCluster cluster = LocalCluster.startElected(dir, "tcp", 3,
                "consensus.ratis.snapshot-every-entries=16", "consensus.ratis.purge-gap-entries=16")) {
            int leader = awaitLeader(cluster);
            int behind = otherThan(leader, -1);
            int other = otherThan(leader, behind);
            cluster.node(behind).kill();
            // Writes through a follower go through the Raft log: these are entries the stopped node lacks.
            createThrough(cluster, other, "before", 20);
            // Ratis purges only closed log segments: a restart closes each node's open one.
            cluster.node(other).kill();
            cluster.startNode(other);
            cluster.node(leader).kill();
            cluster.startNode(leader);
            int now = awaitLeader(cluster);
            createThrough(cluster, now == leader ? other : leader, "after", 40);

            cluster.startNode(behind);
            await().atMost(ELECTION).until(() -> holdsARaftSnapshot(dir.resolve("node" + behind)));
            // Only the returned node's vote can elect the next leader now.
            cluster.node(now).kill();
            int next = await().atMost(ELECTION)
                    .until(cluster::leader, l -> l.isPresent() && l.get() != now).orElseThrow();
            createThrough(cluster, behind == next ? otherThan(now, behind) : behind, "after-the-election", 5);

            assertThat(NodeProcess.read(cluster.log(behind))).as("node %d's log", behind)
                    .doesNotContain("caught a Throwable");
        }
    }

    private static void createThrough(LocalCluster cluster, int node, String prefix, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            assertThat(OneNode.createTopic(cluster.node(node).kafkaPort(), prefix + "-" + i, 1, 30_000))
                    .as("%s-%d through node %d", prefix, i, node).isEqualTo(Errors.NONE);
        }
    }

    /** Whether Ratis has written a snapshot of its state machine under the node's data directory. */
    private static boolean holdsARaftSnapshot(Path dataDir) throws IOException {
        try (Stream<Path> files = Files.walk(dataDir.resolve("consensus"))) {
            return files.anyMatch(file -> file.getFileName().toString().matches("snapshot\\.\\d+_\\d+"));
        }
    }

    private static int awaitLeader(LocalCluster cluster) {
        return await().atMost(ELECTION).until(cluster::leader, Optional::isPresent).orElseThrow();
    }

    private static int otherThan(int one, int another) {
        return IntStream.rangeClosed(1, 3).filter(id -> id != one && id != another).findFirst().orElseThrow();
    }
}
