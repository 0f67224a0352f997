package io.quire.bench.e2e;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Node;

/**
 * End-to-end CreateTopics latency and throughput of a running cluster, as a Kafka client sees it:
 * the real AdminClient, one topic per request, each client waiting for its answer before sending
 * the next (a closed loop). Every request goes to the controller, the metadata leader, so that the
 * leader's own path is measured and not a follower's hop to it.
 *
 * <p>Prints one Markdown table row per concurrency: latencies in microseconds, from the call to
 * {@code createTopics} to its completed future, and topics/s over the measured phase's wall time.
 */
public final class CreateTopicsBench {

    private static final String ROW = "| %s | %d | %s | %,d | %,.0f | %,d | %,d | %,d | %,d | %,d |%n";
    private static final long CLUSTER_READY_TIMEOUT_SECONDS = 60;

    private CreateTopicsBench() {}

    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--help")) {
            System.out.print(CreateTopicsOptions.USAGE);
            return;
        }
        CreateTopicsOptions options;
        try {
            options = CreateTopicsOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("CreateTopicsBench: " + e.getMessage());
            System.err.print(CreateTopicsOptions.USAGE);
            System.exit(2);
            return;
        }
        String controller = controllerAddress(options);
        System.err.println("CreateTopicsBench: sending every CreateTopics to the controller " + controller);
        // The start time in the names keeps them unique across runs against the same cluster.
        String runPrefix = "bench-" + Long.toString(System.currentTimeMillis(), 36) + "-c";
        System.out.println("| scenario | clients | partitions x RF | creates | topics/s | p50 us | p90 us | p99 us"
                + " | p99.9 us | max us |");
        System.out.println("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        for (int clients : options.concurrency()) {
            Phase measured = run(controller, clients, options, runPrefix + clients + "-");
            Histogram h = measured.latencies();
            System.out.printf(Locale.ROOT, ROW, options.label(), clients,
                    options.partitions() + " x " + options.replicationFactor(), h.getTotalCount(),
                    h.getTotalCount() / (measured.nanos() / 1e9), h.getValueAtPercentile(50),
                    h.getValueAtPercentile(90), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9),
                    h.getMaxValue());
        }
    }

    /**
     * The controller's address, once there is one and enough brokers are registered to place every
     * replica: right after start a cluster may still be electing, or registering its brokers.
     */
    private static String controllerAddress(CreateTopicsOptions options) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                options.bootstrapServers()))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLUSTER_READY_TIMEOUT_SECONDS);
            while (true) {
                DescribeClusterResult cluster = admin.describeCluster();
                Node controller = cluster.controller().get(CLUSTER_READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                int brokers = cluster.nodes().get(CLUSTER_READY_TIMEOUT_SECONDS, TimeUnit.SECONDS).size();
                if (controller != null && !controller.isEmpty() && brokers >= options.replicationFactor()) {
                    return controller.host() + ":" + controller.port();
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(options.bootstrapServers() + " reported no controller with "
                            + options.replicationFactor() + " brokers within " + CLUSTER_READY_TIMEOUT_SECONDS
                            + " s (last: controller " + controller + ", " + brokers + " brokers)");
                }
                Thread.sleep(200);
            }
        }
    }

    /** One run: its clients warm up, then make the measured creates; returns the measured phase. */
    private static Phase run(String controller, int clients, CreateTopicsOptions options, String prefix)
            throws Exception {
        List<Admin> admins = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        try {
            // One AdminClient (one connection, one network thread) per client: independent clients,
            // not requests pipelined on one shared connection.
            for (int i = 0; i < clients; i++) {
                admins.add(Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, controller,
                        AdminClientConfig.CLIENT_ID_CONFIG, "create-topics-bench-" + i)));
            }
            phase(admins, threads, options.warmup(), prefix + "warmup-", options);
            return phase(admins, threads, options.count(), prefix, options);
        } finally {
            threads.shutdownNow();
            admins.forEach(Admin::close);
        }
    }

    /**
     * The clients create topics named prefix + 0 .. count - 1, each claiming the next index once its
     * previous create is answered, and all starting together.
     *
     * @throws java.util.concurrent.ExecutionException if a create failed: a failure has no latency to report
     */
    private static Phase phase(List<Admin> admins, ExecutorService threads, int count, String prefix,
            CreateTopicsOptions options) throws Exception {
        AtomicInteger next = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Histogram>> clients = new ArrayList<>();
        for (Admin admin : admins) {
            clients.add(threads.submit(() -> {
                Histogram latencies = new Histogram(3);
                start.await();
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    NewTopic topic = new NewTopic(prefix + i, options.partitions(), options.replicationFactor());
                    long begin = System.nanoTime();
                    admin.createTopics(List.of(topic)).all().get();
                    latencies.recordValue((System.nanoTime() - begin) / 1_000);
                }
                return latencies;
            }));
        }
        long begin = System.nanoTime();
        start.countDown();
        Histogram merged = new Histogram(3);
        for (Future<Histogram> client : clients) {
            merged.add(client.get());
        }
        return new Phase(merged, System.nanoTime() - begin);
    }

    /** What a phase measured: every create's latency in microseconds, and the phase's wall time. */
    private record Phase(Histogram latencies, long nanos) {}
}
