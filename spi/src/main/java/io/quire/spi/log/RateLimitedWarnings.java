package io.quire.spi.log;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Warnings of one kind that anyone who can reach a port can cause (a peer refused, a malformed
 * frame, a connection closed for it), logged at most {@code limit} times per window: a flood of
 * bad connections must not flood the log. One per listener, shared by its connections. The first warnings of a window are logged as they come;
 * how many more there were is logged with the first warning of a later window, so none goes
 * uncounted. Thread-safe.
 */
public final class RateLimitedWarnings {

    /** Twenty per 10 s, two a second on average: each listener's default for its flood-prone warnings. */
    public static final int DEFAULT_LIMIT = 20;
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);

    private final Logger log;
    private final int limit;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private long windowStart;
    private int logged;
    private long suppressed;

    public RateLimitedWarnings(Logger log) {
        this(log, DEFAULT_LIMIT, DEFAULT_WINDOW, System::nanoTime);
    }

    /** @param nanoTime the clock, {@link System#nanoTime()} but in tests */
    public RateLimitedWarnings(Logger log, int limit, Duration window, LongSupplier nanoTime) {
        if (limit < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a limit of at least 1 per positive window, not " + limit + " per " + window);
        }
        this.log = log;
        this.limit = limit;
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
        this.windowStart = nanoTime.getAsLong();
    }

    /** Logs {@code format} with {@code arguments} at WARN, unless this window's limit is spent. */
    public void warn(String format, Object... arguments) {
        long notLogged;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            notLogged = 0;
            if (now - windowStart >= windowNanos) {
                notLogged = suppressed;
                windowStart = now;
                logged = 0;
                suppressed = 0;
            }
            if (logged == limit) {
                suppressed++;
                return;
            }
            logged++;
        }
        if (notLogged > 0) {
            log.warn("{} more warnings like the next one were not logged (at most {} per {} s)", notLogged, limit,
                    windowNanos / 1_000_000_000L);
        }
        log.warn(format, arguments);
    }
}
