package io.quire.campaigns.cluster;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a campaign reads from a node's {@code /metrics}: heap in use and live threads. */
public final class NodeMetrics {

    private static final Pattern HEAP = Pattern.compile("(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} (\\S+)$");
    private static final Pattern LIVE_DATA = Pattern.compile("(?m)^jvm_gc_live_data_size_bytes(?:\\{[^}]*})? (\\S+)$");
    private static final Pattern THREADS = Pattern.compile("(?m)^jvm_threads_live_threads(?:\\{[^}]*})? (\\S+)$");

    private NodeMetrics() {}

    /** The heap in use, every pool summed, in bytes; empty while the node does not answer. */
    public static Optional<Long> heapUsed(QuireNode node) throws InterruptedException {
        return node.metrics().map(text -> {
            long heap = 0;
            Matcher pool = HEAP.matcher(text);
            while (pool.find()) {
                heap += (long) Double.parseDouble(pool.group(1));
            }
            return heap;
        });
    }

    /** The old generation's size after the last collection (what stays live), in bytes; empty while it does not answer. */
    public static Optional<Long> liveDataAfterGc(QuireNode node) throws InterruptedException {
        return node.metrics().flatMap(text -> {
            Matcher live = LIVE_DATA.matcher(text);
            return live.find() ? Optional.of((long) Double.parseDouble(live.group(1))) : Optional.empty();
        });
    }

    /** The node's live threads; empty while it does not answer. */
    public static Optional<Long> liveThreads(QuireNode node) throws InterruptedException {
        return node.metrics().flatMap(text -> {
            Matcher live = THREADS.matcher(text);
            return live.find() ? Optional.of((long) Double.parseDouble(live.group(1))) : Optional.empty();
        });
    }

    /** Raises each node's entry of {@code peak} to its heap in use now. */
    public static void samplePeakHeap(QuireCluster cluster, long[] peak) throws InterruptedException {
        for (QuireNode node : cluster.nodes()) {
            heapUsed(node).ifPresent(heap -> peak[node.id() - 1] = Math.max(peak[node.id() - 1], heap));
        }
    }

    /** Each node's live threads now, -1 for a node that does not answer. */
    public static long[] liveThreads(QuireCluster cluster) throws InterruptedException {
        long[] threads = new long[cluster.nodes().size()];
        for (QuireNode node : cluster.nodes()) {
            threads[node.id() - 1] = liveThreads(node).orElse(-1L);
        }
        return threads;
    }
}
