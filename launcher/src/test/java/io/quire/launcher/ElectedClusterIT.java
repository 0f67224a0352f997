package io.quire.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three node processes that elect their leader with the {@code ratis} consensus plugin and
 * replicate over one transport, or through the Raft log itself when they run without metadata
 * WALs: writes through followers, failover without losing an acknowledged record, records only a
 * follower holds, and a deposed leader coming back. A one-line subclass binds each transport.
 */
abstract class ElectedClusterIT {

    /** The replication plugin under test. */
    abstract String transport();

    private static final Duration ELECTION = Duration.ofSeconds(60);
    private static final Duration CONVERGENCE = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void followerAnswersACreateOnceTheTopicIsVisibleOnIt() throws Exception {
        try (LocalCluster cluster = LocalCluster.startElected(dir, transport(), 3)) {
            int leader = awaitLeader(cluster);
            int follower = otherThan(cluster, leader, -1);
            int port = cluster.node(follower).kafkaPort();
            for (int i = 0; i < 30; i++) {
                String topic = "via-follower-" + i;
                assertThat(OneNode.createTopic(port, topic, 2, 30_000)).as(topic).isEqualTo(Errors.NONE);
                assertThat(OneNode.topics(port)).as("node %d lists %s when it answers", follower, topic).contains(topic);
            }
            assertThat(OneNode.createTopic(port, "via-follower-0", 1, 30_000)).isEqualTo(Errors.TOPIC_ALREADY_EXISTS);
            assertThat(NodeProcess.read(cluster.log(leader))).as("the leader wrote it: to its WAL, or to the Raft log")
                    .containsAnyOf("Phase 2: Leader creating topic via-follower-29",
                            "Phase 1: applied CreateTopic via-follower-29");
            assertEveryNodeEndsInOneState(cluster);
        }
    }

    @Test
    void leaderKilledDuringCreatesLosesNoTopicAcknowledgedByAQuorum() throws Exception {
        try (LocalCluster cluster = LocalCluster.startElected(dir, transport(), 3, "metadata.acks=quorum")) {
            int oldLeader = awaitLeader(cluster);
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicBoolean creating = new AtomicBoolean(true);
            Thread creator;
            try (Admin admin = adminOfAll(cluster)) {
                creator = new Thread(() -> {
                    for (int i = 0; creating.get(); i++) {
                        String topic = "stream-" + i;
                        try {
                            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
                            acknowledged.add(topic);
                        } catch (Exception e) {
                            // Not acknowledged: it may or may not exist; only acknowledged topics are checked.
                        }
                    }
                }, "creator");
                creator.start();
                await().atMost(CONVERGENCE).until(() -> acknowledged.size() >= 100);
                cluster.node(oldLeader).kill();
                int before = acknowledged.size();
                int newLeader = awaitLeaderOtherThan(cluster, oldLeader);
                await().atMost(CONVERGENCE).until(() -> acknowledged.size() >= before + 100);
                creating.set(false);
                creator.join(TimeUnit.SECONDS.toMillis(60));
                assertThat(newLeader).isNotEqualTo(oldLeader);
            }
            for (int id = 1; id <= 3; id++) {
                if (id != oldLeader) {
                    assertThat(OneNode.topics(cluster.node(id).kafkaPort())).as("node %d", id).containsAll(acknowledged);
                }
            }
            cluster.startNode(oldLeader);
            awaitTopics(cluster, oldLeader, acknowledged);
            assertEveryNodeEndsInOneState(cluster);
        }
    }

    /**
     * Whichever follower is elected, the records only the other one got are kept: either the new
     * leader fetches them at takeover (LeaderTakeoverTest proves that path on its own) or it
     * already has them.
     */
    @Test
    void recordsOnlyOneFollowerHoldsSurviveTheLeadersDeath() throws Exception {
        try (LocalCluster cluster = LocalCluster.startElected(dir, transport(), 3)) {
            int leader = awaitLeader(cluster);
            int holder = otherThan(cluster, leader, -1);
            int lagging = otherThan(cluster, leader, holder);
            List<String> early = names("early", 20);
            List<String> late = names("late", 40);
            createThrough(cluster, leader, early);
            awaitTopics(cluster, lagging, Set.copyOf(early));
            cluster.node(lagging).pause();
            try {
                createThrough(cluster, leader, late);
                awaitTopics(cluster, holder, Set.copyOf(late));
                cluster.node(leader).kill();
            } finally {
                cluster.node(lagging).resume();
            }
            int newLeader = awaitLeaderOtherThan(cluster, leader);
            assertThat(newLeader).isIn(holder, lagging);
            awaitTopics(cluster, lagging, Set.copyOf(late));
            awaitTopics(cluster, holder, Set.copyOf(late));
            cluster.startNode(leader);
            awaitTopics(cluster, leader, Set.copyOf(late));
            assertEveryNodeEndsInOneState(cluster);
        }
    }

    @Test
    void deposedLeaderComingBackAcknowledgesNothingItCannotKeepAndConverges() throws Exception {
        try (LocalCluster cluster = LocalCluster.startElected(dir, transport(), 3, "metadata.acks=quorum")) {
            int oldLeader = awaitLeader(cluster);
            createThrough(cluster, oldLeader, names("before", 10));
            int newLeader = deposeByPausing(cluster, oldLeader, names("meanwhile", 20));
            // Straight after it wakes up it may still believe it leads; with acks=quorum it cannot
            // acknowledge a write that the new leader will not have.
            Errors stale = OneNode.createTopic(cluster.node(oldLeader).kafkaPort(), "while-deposed", 1, 5_000);
            awaitTopics(cluster, oldLeader, Set.copyOf(names("meanwhile", 20)));
            createThrough(cluster, newLeader, names("after", 10));
            for (int id = 1; id <= 3; id++) {
                awaitTopics(cluster, id, Set.copyOf(names("after", 10)));
            }
            Set<String> onNewLeader = OneNode.topics(cluster.node(newLeader).kafkaPort());
            assertThat(OneNode.topics(cluster.node(oldLeader).kafkaPort())).isEqualTo(onNewLeader);
            if (stale == Errors.NONE) {
                assertThat(onNewLeader).as("a write the deposed leader acknowledged survives").contains("while-deposed");
            }
            assertEveryNodeEndsInOneState(cluster);
        }
    }

    @Test
    void deposedLeaderComingBackHasWhatItWroteAloneCut() throws Exception {
        try (LocalCluster cluster = LocalCluster.startElected(dir, transport(), 3)) {
            int oldLeader = awaitLeader(cluster);
            createThrough(cluster, oldLeader, names("before", 10));
            int newLeader = deposeByPausing(cluster, oldLeader, names("meanwhile", 20));
            // With acks=leader a leader that does not know yet it was deposed may acknowledge writes
            // that reach no one else: they are fenced, cut when it rejoins as a follower.
            List<String> acknowledgedByTheDeposed = new ArrayList<>();
            for (String topic : names("stale", 5)) {
                if (OneNode.createTopic(cluster.node(oldLeader).kafkaPort(), topic, 1, 5_000) == Errors.NONE) {
                    acknowledgedByTheDeposed.add(topic);
                }
            }
            createThrough(cluster, newLeader, names("after", 10));
            awaitOneStateEverywhere(cluster);
            Set<String> topics = OneNode.topics(cluster.node(newLeader).kafkaPort());
            assertThat(topics).containsAll(names("meanwhile", 20)).containsAll(names("after", 10));
            if (!topics.containsAll(acknowledgedByTheDeposed)) {
                assertThat(NodeProcess.read(cluster.log(oldLeader))).contains("Truncating this node's log at offset");
            }
            assertEveryNodeEndsInOneState(cluster);
        }
    }

    private static int awaitLeader(LocalCluster cluster) {
        return await().atMost(ELECTION).until(cluster::leader, Optional::isPresent).orElseThrow();
    }

    private static int awaitLeaderOtherThan(LocalCluster cluster, int previous) {
        return await().atMost(ELECTION)
                .until(cluster::leader, leader -> leader.isPresent() && leader.get() != previous).orElseThrow();
    }

    private static int otherThan(LocalCluster cluster, int one, int another) {
        return IntStream.rangeClosed(1, cluster.size()).filter(id -> id != one && id != another).findFirst()
                .orElseThrow();
    }

    private static void createThrough(LocalCluster cluster, int node, List<String> topics) throws Exception {
        for (String topic : topics) {
            assertThat(OneNode.createTopic(cluster.node(node).kafkaPort(), topic, 1, 30_000)).as(topic)
                    .isEqualTo(Errors.NONE);
        }
    }

    private static void awaitTopics(LocalCluster cluster, int node, Set<String> topics) {
        await().atMost(CONVERGENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> OneNode.topics(cluster.node(node).kafkaPort()).containsAll(topics));
    }

    /**
     * Freezes the leader until the others have elected a new one and created {@code meanwhile}
     * through it, then thaws it; returns the new leader.
     */
    private static int deposeByPausing(LocalCluster cluster, int leader, List<String> meanwhile) throws Exception {
        cluster.node(leader).pause();
        try {
            int newLeader = awaitLeaderOtherThan(cluster, leader);
            createThrough(cluster, newLeader, meanwhile);
            return newLeader;
        } finally {
            cluster.node(leader).resume();
        }
    }

    /** Once every node agrees, stops them one by one: each ends at the same offset with the same digest. */
    private static void assertEveryNodeEndsInOneState(LocalCluster cluster) throws InterruptedException {
        awaitOneStateEverywhere(cluster);
        List<String> states = cluster.stopAndCollectFinalStates();
        assertThat(states).doesNotContainNull().containsOnly(states.get(0));
    }

    /**
     * Waits until every node lists the same topics and every node at the Kafka address it has now,
     * so that no write is still on its way to some node when they are stopped one after the other
     * (a restarted node first replays its old address and is registered anew when it rejoins).
     */
    private static void awaitOneStateEverywhere(LocalCluster cluster) {
        await().atMost(CONVERGENCE).pollInterval(Duration.ofMillis(200)).until(() -> {
            Set<String> first = OneNode.brokersAndTopics(cluster.node(1).kafkaPort());
            for (int id = 1; id <= cluster.size(); id++) {
                if (!first.contains("broker " + id + " at 127.0.0.1:" + cluster.node(id).kafkaPort())) {
                    return false;
                }
            }
            for (int id = 2; id <= cluster.size(); id++) {
                if (!OneNode.brokersAndTopics(cluster.node(id).kafkaPort()).equals(first)) {
                    return false;
                }
            }
            return true;
        });
    }

    private static Admin adminOfAll(LocalCluster cluster) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, IntStream.rangeClosed(1, cluster.size())
                .mapToObj(id -> "127.0.0.1:" + cluster.node(id).kafkaPort()).collect(Collectors.joining(",")));
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return Admin.create(props);
    }

    private static List<String> names(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
    }
}
