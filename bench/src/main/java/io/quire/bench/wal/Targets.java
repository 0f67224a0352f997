package io.quire.bench.wal;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The ratios the WAL is judged by, each with its target and PASS or MISS. A miss is information for
 * the reader, not a failure of the harness.
 * <ul>
 *   <li>single-appender p50 / raw p50 at most {@value #MAX_LATENCY_OVERHEAD}: the WAL's own cost
 *       on top of the disk's force is small, so the fast path's 1-2 ms budget is the disk's;
 *   <li>records/s with {@value #GROUP_APPENDERS} appenders / with 1 at least
 *       {@value #MIN_GROUP_COMMIT_GAIN}: concurrent appends share forces (group commit);
 *   <li>mapdb records/s / file records/s at {@value #GROUP_APPENDERS} appenders at least
 *       {@value #MIN_MAPDB_TO_FILE}: MapDB within 3x of the file WAL.
 * </ul>
 * A ratio whose runs were not measured (a quick run without 64 appenders, a plugin missing) is
 * printed as not measured.
 */
final class Targets {

    static final double MAX_LATENCY_OVERHEAD = 1.3;
    static final double MIN_GROUP_COMMIT_GAIN = 30;
    static final double MIN_MAPDB_TO_FILE = 0.33;
    static final int GROUP_APPENDERS = 64;

    private static final String ROW = "%-46s %8s   %-14s %s%n";

    private Targets() {}

    static void print(List<Measurement> measurements, List<String> plugins, PrintStream out) {
        out.printf(Locale.ROOT, ROW, "ratio", "value", "target", "");
        for (String plugin : plugins) {
            atMost(out, plugin + ": p50, 1 appender / raw p50",
                    ratio(measurements, plugin, 1, Measurement.RAW, 1, r -> r.latencyMicros(50)), MAX_LATENCY_OVERHEAD);
            atLeast(out, plugin + ": records/s, " + GROUP_APPENDERS + " appenders / 1",
                    ratio(measurements, plugin, GROUP_APPENDERS, plugin, 1, LoopResult::operationsPerSecond),
                    MIN_GROUP_COMMIT_GAIN);
        }
        atLeast(out, "records/s at " + GROUP_APPENDERS + " appenders, mapdb / file",
                ratio(measurements, "mapdb", GROUP_APPENDERS, "file", GROUP_APPENDERS,
                        LoopResult::operationsPerSecond), MIN_MAPDB_TO_FILE);
    }

    private static void atMost(PrintStream out, String name, Optional<Double> value, double target) {
        line(out, name, value, "<= " + number(target), value.map(v -> v <= target));
    }

    private static void atLeast(PrintStream out, String name, Optional<Double> value, double target) {
        line(out, name, value, ">= " + number(target), value.map(v -> v >= target));
    }

    private static void line(PrintStream out, String name, Optional<Double> value, String target,
            Optional<Boolean> met) {
        out.printf(Locale.ROOT, ROW, name, value.map(Targets::number).orElse("-"), target,
                met.map(pass -> pass ? "PASS" : "MISS").orElse("not measured"));
    }

    /** {@code metric} of one run divided by {@code metric} of another, when both were measured. */
    private static Optional<Double> ratio(List<Measurement> measurements, String run, int appenders, String baseRun,
            int baseAppenders, ToDoubleFunction<LoopResult> metric) {
        return find(measurements, run, appenders).flatMap(m -> find(measurements, baseRun, baseAppenders)
                .map(base -> metric.applyAsDouble(m.result()) / metric.applyAsDouble(base.result())));
    }

    private static Optional<Measurement> find(List<Measurement> measurements, String run, int appenders) {
        return measurements.stream().filter(m -> m.run().equals(run) && m.appenders() == appenders).findFirst();
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
