package io.quire.campaigns.hostile;

import io.quire.campaigns.cluster.NodeLogs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a hostile-input campaign found: the bad connections sent by port and kind, how the nodes
 * ended them, and each node's peak heap, threads and warnings; whether it passed.
 *
 * @param sent bad connections by "port: kind"
 * @param closedByNode connections the node closed itself after the bad bytes
 * @param leftOpen connections the node kept open, waiting for more (a frame cut short)
 * @param refused connections refused or reset while the bytes were written
 * @param created the well-behaved client's creates, each also listed
 */
public record HostileFigures(HostileInputCampaign.Setup setup, Map<String, Long> sent, long closedByNode,
        long leftOpen, long refused, long created, List<String> clientErrors, long[] peakHeap, long[] threadsBefore,
        long[] threadsAfter, long[] warnings, double seconds, boolean allAlive, Duration converged,
        List<NodeLogs.Stop> stops) {

    public long connections() {
        return sent.values().stream().mapToLong(Long::longValue).sum();
    }

    public List<String> failures() {
        List<String> failures = new ArrayList<>();
        if (!allAlive) {
            failures.add("a node died during the flood");
        }
        clientErrors.forEach(error -> failures.add("the well-behaved client failed: " + error));
        for (int i = 0; i < peakHeap.length; i++) {
            if (peakHeap[i] > HostileInputCampaign.HEAP_BOUND_BYTES) {
                failures.add("node " + (i + 1) + " held " + (peakHeap[i] >> 20) + " MiB of heap, over the bound of "
                        + (HostileInputCampaign.HEAP_BOUND_BYTES >> 20));
            }
            if (threadsAfter[i] - threadsBefore[i] > HostileInputCampaign.THREAD_GROWTH_BOUND) {
                failures.add("node " + (i + 1) + " went from " + threadsBefore[i] + " to " + threadsAfter[i] + " threads");
            }
            if (warnings[i] / seconds > HostileInputCampaign.WARNINGS_PER_SECOND_BOUND) {
                failures.add(String.format(Locale.ROOT, "node %d logged %d warnings in %.0f s", i + 1, warnings[i],
                        seconds));
            }
        }
        if (stops.stream().map(s -> s.offset() + "/" + s.digest()).distinct().count() != 1) {
            failures.add("the nodes stopped with different states: " + stops);
        }
        return failures;
    }

    public String report() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "| hostile input | %d | %.0f | %d | %,d | %,d | %,d | %,d | %,d | %d |"
                        + " %s | %s | %s | %s |%n", setup.seed(), seconds, setup.flooders(), connections(), closedByNode,
                leftOpen, refused, created, clientErrors.size(), mib(peakHeap),
                Arrays.toString(threadsBefore) + " to " + Arrays.toString(threadsAfter), Arrays.toString(warnings),
                failures().isEmpty() ? "pass" : "FAIL"));
        text.append(System.lineSeparator()).append("Bad connections by port and kind: ").append(sent);
        return text.toString();
    }

    private static String mib(long[] bytes) {
        return Arrays.stream(bytes).mapToObj(b -> Long.toString(b >> 20)).toList() + " MiB";
    }

    public static final String HEADER = "| campaign | seed | flood s | flooders | bad connections | closed by the node"
            + " | left open | refused or reset | client creates | client errors | peak heap per node"
            + " | threads before to after | warnings logged per node | result |\n"
            + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|---|";
}
