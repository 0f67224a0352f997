package io.quire.bench.wal;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Prints the measurements as a fixed-width table, one row per run, latencies in microseconds. */
final class ResultTable {

    private static final String ROW = "%-16s %9s %12s %9s %9s %9s %9s%n";

    private ResultTable() {}

    static void print(List<Measurement> measurements, PrintStream out) {
        out.printf(Locale.ROOT, ROW, "run", "appenders", "records/s", "p50 us", "p99 us", "p99.9 us", "max us");
        for (Measurement m : measurements) {
            LoopResult r = m.result();
            out.printf(Locale.ROOT, ROW, m.run(), m.appenders(), whole(r.operationsPerSecond()),
                    whole(r.latencyMicros(50)), whole(r.latencyMicros(99)), whole(r.latencyMicros(99.9)),
                    whole(r.maxLatencyMicros()));
        }
    }

    private static String whole(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }
}
