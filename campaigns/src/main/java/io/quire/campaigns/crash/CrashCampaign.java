package io.quire.campaigns.crash;

import io.quire.campaigns.cluster.NodeLogs;
import io.quire.campaigns.cluster.NodeState;
import io.quire.campaigns.cluster.QuireCluster;
import io.quire.campaigns.cluster.QuireNode;
import io.quire.campaigns.history.EndState;
import io.quire.campaigns.history.History;
import io.quire.campaigns.history.HistoryChecker;
import io.quire.campaigns.history.TopicState;
import io.quire.campaigns.history.Violation;
import io.quire.campaigns.load.ClientLoad;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Campaign 1: three nodes under a stream of changes from four clients; again and again a random
 * node, leader or follower (the leader first), is killed with SIGKILL at a random moment and
 * started again after a random downtime, once the others follow a leader. At the end the cluster must converge, hold every acknowledged change
 * (with {@code metadata.acks=quorum}; with {@code leader}, what a dead leader had not replicated
 * may be lost, and is counted), hold nothing no client asked for, agree on one digest, and never
 * have had two leaders in one epoch.
 */
public final class CrashCampaign {

    /** One configuration of the campaign. */
    public record Setup(String acks, String transport, int kills, long seed) {

        public String name() {
            return "crash, metadata.acks=" + acks + ", " + transport;
        }
    }

    private static final int NODES = 3;
    private static final int CLIENTS = 4;
    private static final Duration LEADER_LIMIT = Duration.ofSeconds(90);
    private static final Duration CONVERGE_LIMIT = Duration.ofSeconds(120);

    private final Path home;
    private final Path dir;
    private final Setup setup;

    public CrashCampaign(Path home, Path dir, Setup setup) {
        this.home = home;
        this.dir = dir;
        this.setup = setup;
    }

    public CrashFigures run() throws Exception {
        Random random = new Random(setup.seed());
        String prefix = "crash-" + Long.toString(setup.seed(), 36) + "-";
        History history = new History();
        int leaderKills = 0;
        long begin = System.nanoTime();
        try (QuireCluster cluster = QuireCluster.layOut(home, dir, NODES, List.of("plugins.wal=file",
                "plugins.replication=" + setup.transport(), "plugins.consensus=ratis", "metadata.acks=" + setup.acks()),
                random)) {
            cluster.startAll();
            cluster.awaitLeader(LEADER_LIMIT);
            try (ClientLoad load = new ClientLoad(cluster.bootstrapServers(), CLIENTS, history, prefix, setup.seed())) {
                for (int kill = 0; kill < setup.kills(); kill++) {
                    // The fault schedule: a random moment of the load, a random downtime.
                    Thread.sleep(500 + random.nextInt(2_000));
                    // The first victim is the leader, so that even a short run kills one.
                    NodeState leader = cluster.awaitLeader(LEADER_LIMIT);
                    QuireNode victim = cluster.node(kill == 0 ? leader.node() : 1 + random.nextInt(NODES));
                    boolean wasLeader = victim.id() == leader.node();
                    leaderKills += wasLeader ? 1 : 0;
                    System.err.printf("%s: kill %d of %d: node %d%s%n", setup.name(), kill + 1, setup.kills(),
                            victim.id(), wasLeader ? " (leader)" : "");
                    victim.kill();
                    Thread.sleep(random.nextInt(1_000));
                    victim.start();
                    cluster.awaitLeader(LEADER_LIMIT);
                }
                Thread.sleep(1_000);
            }
            Duration converged = cluster.awaitConverged(CONVERGE_LIMIT);
            Map<String, TopicState> end;
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    cluster.bootstrapServers()))) {
                end = EndState.read(admin, prefix, ClientLoad.CONFIG);
            }
            List<Violation> violations = HistoryChecker.check(history.operations(), end, prefix);
            cluster.stopAll();
            List<NodeLogs.Stop> stops = NodeLogs.lastStops(cluster.nodes());
            Map<Long, Set<Integer>> split = NodeLogs.splitEpochs(cluster.nodes());
            long epochs = NodeLogs.leadersByEpoch(cluster.nodes()).size();
            return new CrashFigures(setup, leaderKills, history.operations(), violations, end.size(), converged,
                    stops, split, epochs, Duration.ofNanos(System.nanoTime() - begin));
        }
    }
}
