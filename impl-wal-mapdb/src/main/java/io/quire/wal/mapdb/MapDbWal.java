package io.quire.wal.mapdb;

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
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code mapdb} metadata WAL: checks arguments and the closed state, then hands appends to the
 * {@link GroupCommitWriter} and everything else to the {@link MapDbLog}.
 */
final class MapDbWal implements MetadataWal {

    /** The store file's name in the plugin's data directory; its journal lies beside it. */
    static final String STORE_FILE = "wal.mapdb";

    private static final Logger LOG = LoggerFactory.getLogger(MapDbWal.class);

    private final Path dir;
    private final int maxRecordBytes;
    private final MapDbLog log;
    private final GroupCommitWriter writer;
    private final AtomicBoolean closed = new AtomicBoolean();

    private MapDbWal(Path dir, int maxRecordBytes, MapDbLog log, WalForceMeters meters) {
        this.dir = dir;
        this.maxRecordBytes = maxRecordBytes;
        this.log = log;
        this.writer = GroupCommitWriter.start(log, meters);
    }

    /** Opens the WAL in {@code dir}, recovering what is already there. */
    static MapDbWal open(Path dir, int maxRecordBytes) throws IOException {
        return open(dir, maxRecordBytes, Committer.DEFAULT);
    }

    static MapDbWal open(Path dir, int maxRecordBytes, Committer committer) throws IOException {
        return open(dir, maxRecordBytes, MapDbWalProvider.CHECKPOINT_BYTES.defaultValue(), committer);
    }

    static MapDbWal open(Path dir, int maxRecordBytes, long checkpointBytes, Committer committer) throws IOException {
        return open(dir, maxRecordBytes, checkpointBytes, committer,
                new WalForceMeters(Metrics.globalRegistry, MapDbWalProvider.NAME));
    }

    static MapDbWal open(Path dir, int maxRecordBytes, long checkpointBytes, Committer committer, WalForceMeters meters)
            throws IOException {
        MapDbLog log = MapDbLog.open(dir.resolve(STORE_FILE), checkpointBytes, committer);
        LogState state = log.state();
        LOG.info("Metadata WAL opened in {}: offsets [{}, {}), last epoch {}",
                dir, state.startOffset(), state.endOffset(), state.lastEpoch());
        return new MapDbWal(dir, maxRecordBytes, log, meters);
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
                    + " bytes exceeds the mapdb WAL's max-record-bytes (" + maxRecordBytes + ")"));
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
        return log.state().startOffset();
    }

    @Override
    public long endOffset() {
        ensureOpen();
        return log.state().endOffset();
    }

    @Override
    public long lastEpoch() {
        ensureOpen();
        return log.state().lastEpoch();
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

    /** Lets queued appends finish, stops the writer thread and closes the store. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        writer.close();
        log.close();
        LogState state = log.state();
        LOG.info("Metadata WAL in {} closed at offsets [{}, {})", dir, state.startOffset(), state.endOffset());
    }

    /** How many MapDB commits the WAL made; fewer than appends when group commit batches. */
    long commitCount() {
        return log.commitCount();
    }

    /** How many checkpoints the store's journal made since open. */
    long checkpointCount() {
        return log.checkpointCount();
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
