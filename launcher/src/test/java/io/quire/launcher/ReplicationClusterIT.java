package io.quire.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three node processes replicating over one transport: every follower persists and applies what
 * the leader wrote, catches up after a crash or a pause, through a snapshot when the leader's WAL
 * no longer holds what it missed, and refuses processes that do not hold the secret. A one-line
 * subclass binds each transport.
 */
abstract class ReplicationClusterIT {

    /** The replication plugin under test. */
    abstract String transport();

    private static final Duration CONVERGENCE = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void thousandTopicsReachEveryFollowerAndAllNodesEndWithOneDigest() throws Exception {
        List<String> topics = names("t", 1000);
        try (LocalCluster cluster = LocalCluster.start(dir, transport(), 3)) {
            try (Admin leader = TestNodes.admin(cluster.node(1).kafkaPort())) {
                createInBatches(leader, topics, 100);
                await().atMost(CONVERGENCE).until(() -> leader.describeCluster().nodes().get().size() == 3);
                assertThat(leader.describeCluster().nodes().get()).extracting(Node::id).containsExactlyInAnyOrder(1, 2, 3);
            }
            for (int follower = 2; follower <= 3; follower++) {
                awaitTopics(cluster.node(follower), topics);
                try (Admin bootstrappedOnFollower = TestNodes.admin(cluster.node(follower).kafkaPort())) {
                    assertThat(bootstrappedOnFollower.listTopics().names().get()).containsAll(topics);
                }
            }
            assertThat(NodeProcess.read(cluster.log(2))).contains("Phase 2.3: WalReceiver configured")
                    .containsPattern("METADATA✓ Replicated: __quire_metadata-0 offset \\d+");
            List<String> states = cluster.stopAndCollectFinalStates();
            assertThat(states).doesNotContainNull().containsOnly(states.get(0));
        }
    }

    @Test
    void followerKilledDuringCreationsCatchesUpFromItsWalAndTheLeader() throws Exception {
        List<String> topics = names("crash", 600);
        try (LocalCluster cluster = LocalCluster.start(dir, transport(), 3);
                Admin leader = TestNodes.admin(cluster.node(1).kafkaPort())) {
            createInBatches(leader, topics.subList(0, 200), 20);
            awaitTopics(cluster.node(2), topics.subList(0, 200));
            CompletableFuture<Void> creating = CompletableFuture.runAsync(() ->
                    createInBatches(leader, topics.subList(200, 600), 20));
            cluster.node(2).kill();
            creating.get(120, TimeUnit.SECONDS);
            cluster.startNode(2);
            awaitTopics(cluster.node(2), topics);
            List<String> states = cluster.stopAndCollectFinalStates();
            assertThat(states).doesNotContainNull().containsOnly(states.get(0));
        }
    }

    @Test
    void followerBehindTheLeadersSnapshotCatchesUpThroughIt() throws Exception {
        List<String> topics = names("snap", 400);
        try (LocalCluster cluster = LocalCluster.start(dir, transport(), 3, "snapshot.every-records=50",
                "wal.file.segment-bytes=4096");
                Admin leader = TestNodes.admin(cluster.node(1).kafkaPort())) {
            createInBatches(leader, topics.subList(0, 50), 25);
            awaitTopics(cluster.node(3), topics.subList(0, 50));
            cluster.node(3).stop();
            createInBatches(leader, topics.subList(50, 400), 25);
            await().atMost(CONVERGENCE).until(() -> NodeProcess.read(cluster.log(1))
                    .lines().anyMatch(l -> l.contains("Snapshot of offsets below") && !l.contains("WAL now starts at 0")));

            cluster.startNode(3);
            awaitTopics(cluster.node(3), topics);
            assertThat(NodeProcess.read(cluster.log(3))).contains("Installed the leader's snapshot");
            List<String> states = cluster.stopAndCollectFinalStates();
            assertThat(states).doesNotContainNull().containsOnly(states.get(0));
        }
    }

    @Test
    void pausedFollowerNeitherSlowsTheLeaderNorMissesAnything() throws Exception {
        List<String> topics = names("pause", 300);
        try (LocalCluster cluster = LocalCluster.start(dir, transport(), 3);
                Admin leader = TestNodes.admin(cluster.node(1).kafkaPort())) {
            createInBatches(leader, topics.subList(0, 50), 25);
            awaitTopics(cluster.node(2), topics.subList(0, 50));
            cluster.node(2).pause();
            try {
                long started = System.nanoTime();
                createInBatches(leader, topics.subList(50, 300), 25);
                assertThat(Duration.ofNanos(System.nanoTime() - started))
                        .as("the leader answered without waiting for the paused follower")
                        .isLessThan(Duration.ofSeconds(30));
                awaitTopics(cluster.node(3), topics);
            } finally {
                cluster.node(2).resume();
            }
            awaitTopics(cluster.node(2), topics);
            List<String> states = cluster.stopAndCollectFinalStates();
            assertThat(states).doesNotContainNull().containsOnly(states.get(0));
        }
    }

    @Test
    void processWithoutTheSecretIsRefusedAndChangesNothing() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(dir, transport(), 3);
                Admin leader = TestNodes.admin(cluster.node(1).kafkaPort())) {
            createInBatches(leader, names("before", 10), 10);
            await().atMost(CONVERGENCE).until(() -> leader.describeCluster().nodes().get().size() == 3);
            int realPort = cluster.node(3).kafkaPort();
            cluster.node(3).stop();

            try (NodeProcess impostor = cluster.startImpostor(3, dir.resolve("impostor-data"))) {
                await().atMost(CONVERGENCE).until(() -> NodeProcess.read(cluster.log(1)).lines()
                        .anyMatch(l -> l.contains("Refused replication") && l.contains("authentication failed")));
                assertThat(leader.describeCluster().nodes().get()).filteredOn(n -> n.id() == 3)
                        .singleElement().extracting(Node::port).isEqualTo(realPort);
                assertThat(OneNode.topics(impostor.kafkaPort())).doesNotContainAnyElementsOf(names("before", 10));
            }
        }
    }

    private static List<String> names(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
    }

    private static void createInBatches(Admin admin, List<String> topics, int batch) {
        for (int from = 0; from < topics.size(); from += batch) {
            List<NewTopic> newTopics = new ArrayList<>();
            for (String topic : topics.subList(from, Math.min(from + batch, topics.size()))) {
                newTopics.add(new NewTopic(topic, 1 + topic.length() % 3, (short) 1));
            }
            try {
                admin.createTopics(newTopics).all().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("creating " + newTopics.size() + " topics failed", e);
            }
        }
    }

    /** Waits until this very node (not just any broker it names) lists every topic. */
    private static void awaitTopics(NodeProcess node, List<String> topics) {
        await().atMost(CONVERGENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> OneNode.topics(node.kafkaPort()).containsAll(topics));
    }
}
