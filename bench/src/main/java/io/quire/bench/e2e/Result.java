package io.quire.bench.e2e;

import io.quire.bench.wal.LoopResult;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * One row of the side-by-side comparison: one workload against one target, or one floor loop.
 * Latencies are in microseconds.
 *
 * @param target what ran: a cluster's name ({@code quire-1}, {@code kafka-1}, ...) or {@link #FLOOR}
 * @param workload what was measured
 * @param requests the requests counted, each answered without error
 * @param items the topics those requests created, deleted or extended (0 when they created none)
 * @param seconds the wall time of the measured phase
 * @param mean the mean latency
 */
record Result(String target, Workload workload, long requests, long items, double seconds, double p50,
        double p90, double p99, double p999, double max, double mean) {

    /** The target name of the floor's rows. */
    static final String FLOOR = "floor";

    static Result of(String target, Workload workload, Phase phase, int itemsPerRequest) {
        Histogram h = phase.latencies();
        return new Result(target, workload, h.getTotalCount(), h.getTotalCount() * itemsPerRequest,
                phase.nanos() / 1e9, h.getValueAtPercentile(50), h.getValueAtPercentile(90),
                h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue(), h.getMean());
    }

    static Result ofFloor(Workload workload, LoopResult loop) {
        return new Result(FLOOR, workload, loop.operations(), 0, loop.measured().toNanos() / 1e9,
                loop.latencyMicros(50), loop.latencyMicros(90), loop.latencyMicros(99), loop.latencyMicros(99.9),
                loop.maxLatencyMicros(), loop.latencyNanos().getMean() / 1e3);
    }

    /**
     * A row of a phase timed elsewhere, of which only the request count and mean are known: Kafka's
     * own request metric ({@link KafkaRequestTimes}).
     */
    static Result ofMean(String target, Workload workload, long requests, double seconds, double mean) {
        return new Result(target, workload, requests, 0, seconds, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, mean);
    }

    /** Topics per second of wall time, or NaN for a workload that handles no topics. */
    double topicsPerSecond() {
        return items == 0 ? Double.NaN : items / seconds;
    }

    /** One line of the results file. */
    String toLine() {
        return String.join("\t", target, workload.name(), Long.toString(requests), Long.toString(items),
                number(seconds), number(p50), number(p90), number(p99), number(p999), number(max), number(mean));
    }

    static Result parse(String line) {
        String[] f = line.split("\t");
        if (f.length != 11) {
            throw new IllegalArgumentException("not a result line: " + line);
        }
        return new Result(f[0], Workload.valueOf(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]),
                Double.parseDouble(f[7]), Double.parseDouble(f[8]), Double.parseDouble(f[9]), Double.parseDouble(f[10]));
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
