package io.quire.bench.wal;

import io.quire.spi.wal.MetadataWal;
import io.quire.spi.wal.WalProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;

/**
 * One plugin under N concurrent appenders: a fresh WAL (new, empty directory, default settings),
 * N appenders each appending a record and waiting for it to be durable before appending the next.
 * The latency is the append's whole round trip as a caller on the fast path sees it; records/s
 * over N shows group commit (N appenders sharing forces come close to N times one appender's rate
 * as long as the disk's force, not the per-record work, dominates).
 */
final class WalAppendRun {

    /** How each appender waits for its append. */
    enum Waiting {
        /** A thread per appender, blocked on the append's future: clients each waiting for their answer. */
        THREADS,
        /** A completion callback per appender that issues its next append: no thread per appender. */
        CALLBACKS
    }

    /** The epoch every record is written in: a leader that stays leader for the whole run. */
    private static final long EPOCH = 1;

    private WalAppendRun() {}

    /** Runs {@code provider}'s WAL in a fresh {@code dir}, deleted afterwards. */
    static LoopResult run(WalProvider provider, Path dir, int appenders, Waiting waiting, byte[] payload,
            Duration warmup, Duration measure) throws IOException, InterruptedException, ExecutionException {
        Directories.deleteRecursively(dir);
        Files.createDirectories(dir);
        try (MetadataWal wal = WalPlugins.openWithDefaults(provider, dir)) {
            return switch (waiting) {
                case THREADS -> BlockingLoop.run(provider.name(), appenders, warmup, measure,
                        () -> wal.append(EPOCH, payload).join());
                case CALLBACKS -> CallbackLoop.run(appenders, warmup, measure, () -> wal.append(EPOCH, payload));
            };
        } finally {
            Directories.deleteRecursively(dir);
        }
    }
}
