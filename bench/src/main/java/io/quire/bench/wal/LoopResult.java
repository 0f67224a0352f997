package io.quire.bench.wal;

import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * What one closed-loop run measured.
 *
 * @param latencyNanos the latency of every operation that started and ended in the measured window
 * @param measured the length of the measured window
 */
public record LoopResult(Histogram latencyNanos, Duration measured) {

    /** Latencies above a minute are clamped: an operation that slow has failed the benchmark anyway. */
    static final long HIGHEST_TRACKABLE_NANOS = 60_000_000_000L;

    public long operations() {
        return latencyNanos.getTotalCount();
    }

    double operationsPerSecond() {
        return operations() / (measured.toNanos() / 1e9);
    }

    /** The latency at {@code percentile} (0-100), in microseconds. */
    public double latencyMicros(double percentile) {
        return latencyNanos.getValueAtPercentile(percentile) / 1e3;
    }

    public double maxLatencyMicros() {
        return latencyNanos.getMaxValue() / 1e3;
    }

    /** Whether an operation from {@code start} to {@code end} lies in the window [from, until]. */
    static boolean inWindow(long start, long end, long from, long until) {
        return start >= from && end <= until;
    }
}
