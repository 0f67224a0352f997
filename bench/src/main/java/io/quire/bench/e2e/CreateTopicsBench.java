package io.quire.bench.e2e;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.NewTopic;

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
        String controller = ClusterNodes.await(options.bootstrapServers(), options.replicationFactor()).leader();
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
                    measured.perSecond(1), h.getValueAtPercentile(50),
                    h.getValueAtPercentile(90), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9),
                    h.getMaxValue());
        }
    }

    /** One run: its clients warm up, then make the measured creates; returns the measured phase. */
    private static Phase run(String controller, int clients, CreateTopicsOptions options, String prefix)
            throws Exception {
        try (ClosedLoop loop = new ClosedLoop(controller, clients)) {
            loop.run(options.warmup(), createOne(prefix + "warmup-", options));
            return loop.run(options.count(), createOne(prefix, options));
        }
    }

    /** Creates the topic prefix + index; a failed create fails the run. */
    private static ClosedLoop.Request createOne(String prefix, CreateTopicsOptions options) {
        return (admin, i) -> admin.createTopics(List.of(new NewTopic(prefix + i, options.partitions(),
                options.replicationFactor()))).all().get();
    }
}
