package io.quire.wal.file;

import io.quire.spi.wal.MetadataWal;
import io.quire.spi.wal.WalClosedException;
import io.quire.spi.wal.WalRecord;
import java.io.IOException;
import io.micrometer.core.instrument.Metrics;
import io.quire.spi.wal.WalForceMeters;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code file} metadata WAL: checks arguments and the closed state, then hands appends to the
 * {@link GroupCommitWriter} and everything else to the {@link SegmentedLog}.
 */
final class FileWal implements MetadataWal {

    private static final Logger LOG = LoggerFactory.getLogger(FileWal.class);

    private final Path dir;
    private final int maxRecordBytes;
    private final SegmentedLog log;
    private final GroupCommitWriter writer;
    private final AtomicBoolean closed = new AtomicBoolean();

    private FileWal(Path dir, WalLimits limits, SegmentedLog log, WalForceMeters meters) {
        this.dir = dir;
        this.maxRecordBytes = limits.maxRecordBytes();
        this.log = log;
        this.writer = GroupCommitWriter.start(log, TimeUnit.MILLISECONDS.toNanos(limits.fsyncIntervalMs()), meters);
    }

    /** Opens the WAL in {@code dir}, recovering what is already there. */
    static FileWal open(Path dir, WalLimits limits) throws IOException {
        return open(dir, limits, ChannelFactory.DEFAULT);
    }

    static FileWal open(Path dir, WalLimits limits, ChannelFactory channels) throws IOException {
        return open(dir, limits, channels, new WalForceMeters(Metrics.globalRegistry, FileWalProvider.NAME));
    }

    static FileWal open(Path dir, WalLimits limits, ChannelFactory channels, WalForceMeters meters)
            throws IOException {
        SegmentDirectory directory = new SegmentDirectory(dir, channels);
        WalRecovery.RecoveredLog recovered = WalRecovery.recover(directory, limits.maxRecordBytes());
        SegmentedLog log = new SegmentedLog(directory, limits, recovered);
        LOG.info("Metadata WAL opened in {}: offsets [{}, {}), last epoch {}, {} segment file(s)",
                dir, log.startOffset(), log.endOffset(), log.lastEpoch(), recovered.segments().size());
        return new FileWal(dir, limits, log, meters);
    }

    @Override
    public CompletableFuture<Long> append(long epoch, byte[] payload) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(closedException());
        }
        if (payload == null) {
            return CompletableFuture.failedFuture(new NullPointerException("payload"));
        }
        if (epoch < 0) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("negative epoch " + epoch));
        }
        if (payload.length > maxRecordBytes) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("record of " + payload.length
                    + " bytes exceeds the file WAL's max-record-bytes (" + maxRecordBytes + ")"));
        }
        return writer.submit(epoch, payload);
    }

    @Override
    public List<WalRecord> read(long fromOffset, int maxRecords) throws IOException {
        ensureOpen();
        return log.read(fromOffset, maxRecords);
    }

    @Override
    public long startOffset() {
        ensureOpen();
        return log.startOffset();
    }

    @Override
    public long endOffset() {
        ensureOpen();
        return log.endOffset();
    }

    @Override
    public long lastEpoch() {
        ensureOpen();
        return log.lastEpoch();
    }

    @Override
    public void truncateSuffix(long fromOffset) throws IOException {
        ensureOpen();
        log.truncateSuffix(fromOffset);
    }

    @Override
    public void deletePrefix(long beforeOffset) throws IOException {
        ensureOpen();
        log.deletePrefix(beforeOffset);
    }

    @Override
    public Set<Capability> capabilities() {
        ensureOpen();
        return EnumSet.of(Capability.SUFFIX_TRUNCATION, Capability.PREFIX_DELETION);
    }

    /** Lets queued appends finish, stops the writer thread and closes the files. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        writer.close();
        log.close();
        LOG.info("Metadata WAL in {} closed at offsets [{}, {})", dir, log.startOffset(), log.endOffset());
    }

    /** How many forces the writer issued; fewer than appends when group commit batches. */
    long forceCount() {
        return log.forceCount();
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw closedException();
        }
    }

    private WalClosedException closedException() {
        return new WalClosedException("Metadata WAL in " + dir + " is closed");
    }
}
