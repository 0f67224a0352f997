package io.quire.compat;

import static org.awaitility.Awaitility.await;

import io.quire.launcher.config.NodeConfig;
import io.quire.launcher.config.RawConfig;
import io.quire.launcher.plugins.PluginRegistry;
import io.quire.launcher.wiring.RunningNode;
import io.quire.spi.consensus.Leadership;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Three Quire nodes in this JVM, started through the launcher as {@code quire cluster} starts its
 * processes: the {@code ratis} consensus plugin elects the leader, which replicates over the
 * {@code tcp} transport; each node has its own data directory, all on loopback. A Kafka client may
 * bootstrap through any node ({@link #nodes()}). Started once for the whole run of this module.
 */
final class QuireCluster implements AutoCloseable {

    static final int SIZE = 3;

    /** Long enough for a first election and three broker registrations on a busy test machine. */
    private static final Duration FORMATION = Duration.ofSeconds(60);
    /** A leader answers once it applied a change; the other nodes receive it within milliseconds. */
    private static final Duration REPLICATION = Duration.ofSeconds(15);
    /**
     * Short, so the first election is quick; not shorter, so that a pause of this busy JVM (a Kafka
     * broker runs in it too) does not depose a healthy leader.
     */
    private static final int ELECTION_TIMEOUT_MS = 500;
    private static final String SECRET = "compat-cluster-shared-secret-0123456789";

    private final Path dataDir;
    private final List<RunningNode> running = new ArrayList<>();
    private final List<Target> nodes = new ArrayList<>();

    private QuireCluster(Path dataDir) {
        this.dataDir = dataDir;
    }

    static QuireCluster start() {
        QuireCluster cluster = null;
        try {
            cluster = new QuireCluster(Files.createTempDirectory("quire-compat-cluster"));
            cluster.startNodes();
            cluster.awaitFormed();
            return cluster;
        } catch (Exception e) {
            if (cluster != null) {
                cluster.close();
            }
            throw new IllegalStateException("cannot start the 3-node Quire cluster", e);
        }
    }

    /** Each node returns from start at once: the leader is elected, and registers the brokers, after. */
    private void startNodes() throws Exception {
        List<Integer> ports = LoopbackPorts.free(2 * SIZE);
        List<Integer> consensusPorts = ports.subList(0, SIZE);
        List<Integer> replicationPorts = ports.subList(SIZE, 2 * SIZE);
        String consensusPeers = peers(consensusPorts);
        String replicationPeers = peers(replicationPorts);
        PluginRegistry plugins = PluginRegistry.discover(QuireCluster.class.getClassLoader());
        for (int id = 1; id <= SIZE; id++) {
            RunningNode node = RunningNode.start(NodeConfig.resolve(RawConfig.empty().withOverrides(List.of(
                    "node.id=" + id,
                    "kafka.host=127.0.0.1",
                    "kafka.port=0",
                    "http.port=0",
                    "data.dir=" + dataDir.resolve("node" + id),
                    "plugins.consensus=ratis",
                    "consensus.ratis.peers=" + consensusPeers,
                    "consensus.ratis.election-timeout-ms=" + ELECTION_TIMEOUT_MS,
                    "plugins.replication=tcp",
                    "replication.tcp.port=" + replicationPorts.get(id - 1),
                    "replication.tcp.peers=" + replicationPeers,
                    "replication.tcp.secret=" + SECRET)), plugins));
            running.add(node);
            nodes.add(new Target("Quire cluster through node " + id, id, node.kafkaPort(), this));
        }
    }

    /** Node N's address is on the N-th port. */
    private static String peers(List<Integer> ports) {
        return IntStream.rangeClosed(1, SIZE)
                .mapToObj(id -> id + "=127.0.0.1:" + ports.get(id - 1))
                .collect(Collectors.joining(","));
    }

    /**
     * Every node knows the same leader and lists every broker, as its Metadata answers will: the
     * leader registers the brokers once it takes writes, and replicates them to the followers.
     */
    private void awaitFormed() {
        await().atMost(FORMATION).until(() -> {
            OptionalInt leader = running.get(0).engine().leadership().leaderId();
            return leader.isPresent() && running.stream().allMatch(node -> node.engine().view().brokers().size() == SIZE
                    && node.engine().leadership().leaderId().equals(leader));
        });
    }

    /** The nodes a client can bootstrap through, node 1 first. */
    List<Target> nodes() {
        return List.copyOf(nodes);
    }

    /** The node ids of the cluster's brokers, in order. */
    List<Integer> brokerIds() {
        return IntStream.rangeClosed(1, SIZE).boxed().toList();
    }

    /** What node {@code id} knows of the leader now. */
    Leadership leadershipSeenBy(int id) {
        return running.get(id - 1).engine().leadership();
    }

    /**
     * Waits until every node has applied the same records. A write is answered once the node that
     * answered it (the leader, or the follower that received it) has applied it; the other nodes
     * receive it in the background, so a client that reads from them right away may not see it yet.
     * Writes are sequential here, so equal states are the state that includes the last write. Read
     * from the nodes themselves: a Kafka client cannot choose which node answers its reads.
     */
    void awaitReplicated() {
        await().atMost(REPLICATION).pollInterval(Duration.ofMillis(20)).until(() -> running.stream()
                .map(node -> node.engine().appliedOffset() + " " + node.engine().digest())
                .distinct()
                .count() == 1);
    }

    @Override
    public void close() {
        nodes.forEach(Target::close);
        running.forEach(RunningNode::close);
        Targets.deleteRecursively(dataDir);
    }
}
