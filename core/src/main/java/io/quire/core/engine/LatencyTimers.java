package io.quire.core.engine;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The one histogram layout of Quire's request and write timers, so that their buckets line up in
 * a dashboard: sub-millisecond answers and seconds-long stalls both land in a bucket of their own.
 */
public final class LatencyTimers {

    private static final Duration FASTEST = Duration.ofNanos(50_000);
    private static final Duration SLOWEST = Duration.ofSeconds(30);

    private LatencyTimers() {}

    /** Registers {@code timer} with a percentile histogram from 50 µs to 30 s. */
    public static Timer register(Timer.Builder timer, MeterRegistry registry) {
        return timer.publishPercentileHistogram().minimumExpectedValue(FASTEST).maximumExpectedValue(SLOWEST)
                .register(registry);
    }
}
