package io.quire.campaigns.load;

import io.quire.campaigns.cluster.NodeLogs;
import io.quire.campaigns.cluster.NodeMetrics;
import io.quire.campaigns.cluster.QuireCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Campaign 5: many clients at once, each its own AdminClient and connection, each a closed loop
 * of creates, Metadata (describeTopics) and DescribeConfigs with a random pause of up to 200 ms,
 * against a 3-node cluster. Every request must succeed; the figures are each kind's p50 and p99;
 * each node's heap must stay under a bound and its thread count flat (Netty's event loops serve
 * every connection; nothing may grow a thread per client), and the nodes end with one digest.
 */
public final class ManyClientsCampaign {

    public record Setup(int clients, Duration length, long seed) {}

    /** What the figures report of one kind of request. */
    public record Latencies(long requests, long p50Micros, long p99Micros, long maxMicros) {}

    /** The figures of a run; it passed when {@link #failures()} is empty. */
    public record Figures(Setup setup, Map<String, Latencies> latencies, Map<String, Long> errors, long created,
            long[] peakHeap, long[] threadsBefore, long[] threadsAfter, Duration converged, List<NodeLogs.Stop> stops) {

        public List<String> failures() {
            List<String> failures = new ArrayList<>();
            errors.forEach((error, count) -> failures.add(count + " requests failed: " + error));
            for (int i = 0; i < peakHeap.length; i++) {
                if (peakHeap[i] > HEAP_BOUND_BYTES) {
                    failures.add("node " + (i + 1) + " held " + (peakHeap[i] >> 20) + " MiB of heap");
                }
                if (threadsAfter[i] - threadsBefore[i] > THREAD_GROWTH_BOUND) {
                    failures.add("node " + (i + 1) + " went from " + threadsBefore[i] + " to " + threadsAfter[i]
                            + " threads");
                }
            }
            if (stops.stream().map(s -> s.offset() + "/" + s.digest()).distinct().count() != 1) {
                failures.add("the nodes stopped with different states: " + stops);
            }
            return failures;
        }
    }

    /** With the nodes' -Xmx512m, as for the hostile-input campaign. */
    static final long HEAP_BOUND_BYTES = 384L << 20;
    static final int THREAD_GROWTH_BOUND = 16;
    private static final long ANSWER_LIMIT_SECONDS = 60;

    private final Path home;
    private final Path dir;
    private final Setup setup;
    private final Map<String, Histogram> latencies = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
    private final AtomicLong created = new AtomicLong();
    private volatile boolean running;

    public ManyClientsCampaign(Path home, Path dir, Setup setup) {
        this.home = home;
        this.dir = dir;
        this.setup = setup;
    }

    public Figures run() throws Exception {
        Random random = new Random(setup.seed());
        String prefix = "load-" + Long.toString(setup.seed(), 36) + "-";
        try (QuireCluster cluster = QuireCluster.ofThree(home, dir, "tcp", "quorum", random)) {
            cluster.startAll();
            cluster.awaitLeader(Duration.ofSeconds(90));
            long[] threadsBefore = NodeMetrics.liveThreads(cluster);
            long[] peakHeap = new long[3];
            List<Admin> admins = new ArrayList<>();
            ExecutorService threads = Executors.newFixedThreadPool(setup.clients());
            try {
                for (int i = 0; i < setup.clients(); i++) {
                    admins.add(Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                            AdminClientConfig.CLIENT_ID_CONFIG, "load-" + i)));
                }
                running = true;
                List<Future<?>> clients = new ArrayList<>();
                for (int i = 0; i < setup.clients(); i++) {
                    Admin admin = admins.get(i);
                    String own = prefix + i + "-";
                    long seed = setup.seed() + 1 + i;
                    clients.add(threads.submit(() -> client(admin, own, new Random(seed))));
                }
                long end = System.nanoTime() + setup.length().toNanos();
                while (System.nanoTime() < end) {
                    NodeMetrics.samplePeakHeap(cluster, peakHeap);
                    Thread.sleep(500);
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
            long[] threadsAfter = NodeMetrics.liveThreads(cluster);
            Duration converged = cluster.awaitConverged(Duration.ofSeconds(120));
            expectListed(cluster, prefix);
            cluster.stopAll();
            Map<String, Latencies> figures = new TreeMap<>();
            latencies.forEach((kind, h) -> figures.put(kind, new Latencies(h.getTotalCount(),
                    h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getMaxValue())));
            Map<String, Long> errorCounts = new TreeMap<>();
            errors.forEach((error, count) -> errorCounts.put(error, count.get()));
            return new Figures(setup, figures, errorCounts, created.get(), peakHeap, threadsBefore, threadsAfter,
                    converged, NodeLogs.lastStops(cluster.nodes()));
        }
    }

    /** One client's closed loop: create its next topic, or look one of its topics up, then pause. */
    private Void client(Admin admin, String prefix, Random random) throws InterruptedException {
        List<String> own = new ArrayList<>();
        while (running) {
            int draw = own.isEmpty() ? 0 : random.nextInt(10);
            String topic = draw < 4 ? prefix + own.size() : own.get(random.nextInt(own.size()));
            long start = System.nanoTime();
            String kind = draw < 4 ? "CreateTopics" : draw < 7 ? "Metadata" : "DescribeConfigs";
            try {
                switch (kind) {
                    case "CreateTopics" -> {
                        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all()
                                .get(ANSWER_LIMIT_SECONDS, TimeUnit.SECONDS);
                        own.add(topic);
                        created.incrementAndGet();
                    }
                    case "Metadata" -> admin.describeTopics(List.of(topic)).allTopicNames()
                            .get(ANSWER_LIMIT_SECONDS, TimeUnit.SECONDS);
                    default -> admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, topic)))
                            .all().get(ANSWER_LIMIT_SECONDS, TimeUnit.SECONDS);
                }
                latencies.computeIfAbsent(kind, k -> new ConcurrentHistogram(3))
                        .recordValue((System.nanoTime() - start) / 1_000);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                errors.computeIfAbsent(kind + ": " + cause.getClass().getSimpleName(), k -> new AtomicLong())
                        .incrementAndGet();
            }
            Thread.sleep(random.nextInt(200));
        }
        return null;
    }

    /** Every create the clients saw acknowledged is listed, and nothing else of this run. */
    private void expectListed(QuireCluster cluster, String prefix) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            Set<String> listed = admin.listTopics().names().get(ANSWER_LIMIT_SECONDS, TimeUnit.SECONDS);
            long ours = listed.stream().filter(t -> t.startsWith(prefix)).count();
            if (ours != created.get()) {
                errors.computeIfAbsent("the cluster lists " + ours + " of the " + created.get()
                        + " topics created", k -> new AtomicLong()).incrementAndGet();
            }
        }
    }
}
