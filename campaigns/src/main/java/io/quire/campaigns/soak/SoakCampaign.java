package io.quire.campaigns.soak;

import io.quire.campaigns.cluster.NodeLogs;
import io.quire.campaigns.cluster.NodeMetrics;
import io.quire.campaigns.cluster.QuireCluster;
import io.quire.campaigns.cluster.QuireNode;
import io.quire.campaigns.history.EndState;
import io.quire.campaigns.history.History;
import io.quire.campaigns.history.HistoryChecker;
import io.quire.campaigns.history.Operation;
import io.quire.campaigns.history.Operation.Kind;
import io.quire.campaigns.history.Outcome;
import io.quire.campaigns.history.Violation;
import io.quire.campaigns.load.ClientLoad;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Campaign 6: three nodes taking snapshots every 2,000 records while four clients create topics
 * and delete them again (each keeps its 50 newest), for a long time. Every 5 % of the run each
 * node's live heap after GC, open file descriptors, WAL bytes, Raft log bytes and snapshot files
 * are sampled; none may grow: the highest sample of the last third stays within 25 % (plus a
 * little) of the highest of the middle third, the first third being the warm-up. The history is
 * checked as in the crash campaign, and the nodes end with one digest.
 */
public final class SoakCampaign {

    public record Setup(Duration length, long seed) {}

    /** One resource of a node, sampled over the run, and how much it may grow besides 25 %. */
    public record Resource(String name, long slack, long[] samples) {

        /** The highest sample of the middle third, of the last third. */
        public long[] thirds() {
            int third = samples.length / 3;
            long middle = 0;
            long last = 0;
            for (int i = third; i < samples.length; i++) {
                if (i < 2 * third) {
                    middle = Math.max(middle, samples[i]);
                } else {
                    last = Math.max(last, samples[i]);
                }
            }
            return new long[] {middle, last};
        }

        public boolean bounded() {
            long[] thirds = thirds();
            return thirds[1] <= thirds[0] * 1.25 + slack;
        }
    }

    public record Figures(Setup setup, long operations, List<Violation> violations, List<List<Resource>> nodes,
            List<NodeLogs.Stop> stops) {

        public List<String> failures() {
            List<String> failures = new ArrayList<>();
            violations.forEach(v -> failures.add(v.toString()));
            for (int node = 0; node < nodes.size(); node++) {
                for (Resource resource : nodes.get(node)) {
                    if (!resource.bounded()) {
                        long[] thirds = resource.thirds();
                        failures.add("node " + (node + 1) + "'s " + resource.name() + " grew from " + thirds[0] + " to "
                                + thirds[1]);
                    }
                }
            }
            if (stops.stream().map(s -> s.offset() + "/" + s.digest()).distinct().count() != 1) {
                failures.add("the nodes stopped with different states: " + stops);
            }
            return failures;
        }
    }

    private static final int CLIENTS = 4;
    private static final int KEPT_PER_CLIENT = 50;
    private static final int SAMPLES = 20;
    private static final String[] RESOURCES = {"live heap after GC", "open files", "WAL bytes", "Raft log bytes",
        "snapshot files"};
    private static final long[] SLACK = {16L << 20, 32, 4L << 20, 4L << 20, 2};

    private final Path home;
    private final Path dir;
    private final Setup setup;
    private volatile boolean running;

    public SoakCampaign(Path home, Path dir, Setup setup) {
        this.home = home;
        this.dir = dir;
        this.setup = setup;
    }

    public Figures run() throws Exception {
        Random random = new Random(setup.seed());
        String prefix = "soak-" + Long.toString(setup.seed(), 36) + "-";
        History history = new History();
        try (QuireCluster cluster = QuireCluster.ofThree(home, dir, "tcp", "quorum", random,
                "snapshot.every-records=2000")) {
            cluster.startAll();
            cluster.awaitLeader(Duration.ofSeconds(90));
            long[][][] samples = new long[3][RESOURCES.length][SAMPLES];
            ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
            List<Admin> admins = new ArrayList<>();
            try {
                running = true;
                List<Future<?>> clients = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                            cluster.bootstrapServers()));
                    admins.add(admin);
                    int client = i;
                    clients.add(threads.submit(() -> churn(admin, client, prefix, history)));
                }
                long interval = setup.length().toNanos() / SAMPLES;
                for (int sample = 0; sample < SAMPLES; sample++) {
                    TimeUnit.NANOSECONDS.sleep(interval);
                    for (QuireNode node : cluster.nodes()) {
                        long[] now = sample(node);
                        for (int r = 0; r < RESOURCES.length; r++) {
                            samples[node.id() - 1][r][sample] = now[r];
                        }
                    }
                }
                running = false;
                for (Future<?> client : clients) {
                    client.get();
                }
            } finally {
                running = false;
                threads.shutdownNow();
                admins.forEach(Admin::close);
            }
            cluster.awaitConverged(Duration.ofSeconds(120));
            List<Violation> violations;
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    cluster.bootstrapServers()))) {
                violations = HistoryChecker.check(history.operations(), EndState.read(admin, prefix, ClientLoad.CONFIG),
                        prefix);
            }
            cluster.stopAll();
            List<List<Resource>> nodes = new ArrayList<>();
            for (long[][] node : samples) {
                List<Resource> resources = new ArrayList<>();
                for (int r = 0; r < RESOURCES.length; r++) {
                    resources.add(new Resource(RESOURCES[r], SLACK[r], node[r]));
                }
                nodes.add(resources);
            }
            return new Figures(setup, history.operations().size(), violations, nodes, NodeLogs.lastStops(cluster.nodes()));
        }
    }

    /** One client: create the next topic; once it holds more than 50, delete its oldest. */
    private Void churn(Admin admin, int client, String prefix, History history) {
        Deque<String> kept = new ArrayDeque<>();
        for (long n = 0; running; n++) {
            String topic = prefix + client + "-" + n;
            if (send(history, client, Kind.CREATE, topic, 1,
                    () -> admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS))) {
                kept.addLast(topic);
            }
            if (kept.size() > KEPT_PER_CLIENT) {
                String oldest = kept.removeFirst();
                send(history, client, Kind.DELETE, oldest, 0,
                        () -> admin.deleteTopics(List.of(oldest)).all().get(30, TimeUnit.SECONDS));
            }
        }
        return null;
    }

    private interface Call {
        void run() throws Exception;
    }

    /** Sends one change and records it; true when acknowledged. Without faults, every change must be. */
    private static boolean send(History history, int client, Kind kind, String topic, long value, Call call) {
        long sequence = history.next();
        Outcome outcome;
        try {
            call.run();
            outcome = Outcome.ACKNOWLEDGED;
        } catch (Exception e) {
            outcome = Outcome.UNKNOWN;
        }
        history.record(new Operation(sequence, client, kind, topic, value, outcome));
        return outcome == Outcome.ACKNOWLEDGED;
    }

    private static long[] sample(QuireNode node) throws InterruptedException {
        long fds = node.pid().stream().map(pid -> count(Path.of("/proc", Long.toString(pid), "fd"))).findFirst()
                .orElse(-1L);
        return new long[] {NodeMetrics.liveDataAfterGc(node).orElse(-1L), fds, bytes(node.dataDir().resolve("wal")),
            bytes(node.dataDir().resolve("consensus")), count(node.dataDir().resolve("snapshots"))};
    }

    private static long count(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.count();
        } catch (IOException e) {
            return -1;
        }
    }

    private static long bytes(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException gone) {
                    return 0;
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }
}
