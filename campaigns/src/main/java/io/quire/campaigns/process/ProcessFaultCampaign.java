package io.quire.campaigns.process;

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
 * Three nodes under a stream of changes from four clients, while a {@link ProcessFault} strikes
 * again and again. At the end the cluster must converge, hold every acknowledged change (with
 * {@code metadata.acks=quorum}; with {@code leader}, what a leader had not replicated when it
 * died or was deposed may be lost, and is counted), hold nothing no client asked for, stop with
 * one digest on every node, and never have had two leaders in one epoch.
 */
public final class ProcessFaultCampaign {

    /** One configuration of a campaign. */
    public record Setup(ProcessFault fault, String acks, String transport, int rounds, long seed) {

        public String name() {
            return fault.label() + ", metadata.acks=" + acks + ", " + transport;
        }
    }

    private static final int NODES = 3;
    private static final int CLIENTS = 4;
    private static final Duration LEADER_LIMIT = Duration.ofSeconds(90);
    private static final Duration CONVERGE_LIMIT = Duration.ofSeconds(120);

    private final Path home;
    private final Path dir;
    private final Setup setup;

    public ProcessFaultCampaign(Path home, Path dir, Setup setup) {
        this.home = home;
        this.dir = dir;
        this.setup = setup;
    }

    public FaultFigures run() throws Exception {
        Random random = new Random(setup.seed());
        String prefix = setup.fault().label() + "-" + Long.toString(setup.seed(), 36) + "-";
        History history = new History();
        int leaderFaults = 0;
        long begin = System.nanoTime();
        try (QuireCluster cluster = QuireCluster.ofThree(home, dir, setup.transport(), setup.acks(), random)) {
            cluster.startAll();
            cluster.awaitLeader(LEADER_LIMIT);
            try (ClientLoad load = new ClientLoad(cluster.bootstrapServers(), CLIENTS, history, prefix, setup.seed())) {
                for (int round = 0; round < setup.rounds(); round++) {
                    // The fault schedule: a random moment of the load, then the fault's own random length.
                    Thread.sleep(500 + random.nextInt(2_000));
                    NodeState leader = cluster.awaitLeader(LEADER_LIMIT);
                    QuireNode victim = cluster.node(round == 0 || setup.fault() == ProcessFault.PAUSE
                            ? leader.node() : 1 + random.nextInt(NODES));
                    boolean wasLeader = victim.id() == leader.node();
                    leaderFaults += wasLeader ? 1 : 0;
                    System.err.printf("%s: %s %d of %d: node %d%s%n", setup.name(), setup.fault().label(), round + 1,
                            setup.rounds(), victim.id(), wasLeader ? " (leader)" : "");
                    strike(victim, random);
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
            return new FaultFigures(setup, leaderFaults, history.operations(), violations, converged, stops, split,
                    Duration.ofNanos(System.nanoTime() - begin));
        }
    }

    private void strike(QuireNode victim, Random random) throws Exception {
        switch (setup.fault()) {
            case CRASH -> {
                victim.kill();
                Thread.sleep(random.nextInt(1_000));
                victim.start();
            }
            case PAUSE -> {
                victim.pause();
                Thread.sleep(3_000 + random.nextInt(3_000));
                victim.resume();
            }
        }
    }
}
