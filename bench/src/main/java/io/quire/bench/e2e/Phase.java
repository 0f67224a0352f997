package io.quire.bench.e2e;

import org.HdrHistogram.Histogram;

/**
 * What one measured phase of requests gave: every request's latency in microseconds, and the
 * phase's wall time.
 */
record Phase(Histogram latencies, long nanos) {

    /** Histograms of request latencies in microseconds, 3 significant digits. */
    static Histogram newHistogram() {
        return new Histogram(3);
    }

    long requests() {
        return latencies.getTotalCount();
    }

    /** Requests answered per second of the phase's wall time, times {@code itemsPerRequest}. */
    double perSecond(int itemsPerRequest) {
        return requests() * (double) itemsPerRequest / (nanos / 1e9);
    }
}
