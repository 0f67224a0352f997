package io.quire.wal.mapdb;

import io.quire.spi.wal.WalClosedException;
import io.quire.spi.wal.WalOffsetOutOfRangeException;
import io.quire.spi.wal.WalRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records of one WAL in its MapDB store: writes batches, reads records, cuts the suffix, drops
 * the prefix. A batch's records are stored together, as {@link RecordCodec chunks} under the offset
 * of their first record; a cut or a deletion may fall inside a chunk. Each change is one MapDB transaction, and {@link LogState} moves to it only once
 * committed (or, for removals, just before), so readers see durable records only.
 *
 * <p>Two locks of its own, so that the offsets never wait for a commit:
 * <ul>
 *   <li>{@code mutation} serializes everything that changes the store (batches, suffix truncation,
 *       prefix deletion, close) and is held across the commit; readers never take it.
 *   <li>{@code range} (read-write) lets a reader hold one {@link LogState} while it reads. A
 *       removal takes its write lock only to publish the shorter range before it removes anything,
 *       because MapDB shows a transaction's changes to every thread before they are committed.
 *       Appends publish without it: a longer range never invalidates a reader.
 * </ul>
 * {@link #state()} is one volatile read. A {@link #read} goes through MapDB, whose store holds its
 * own segment locks for the whole of {@code DB.commit()}, forces included: a read that reaches
 * MapDB during a commit waits for that commit (MapDB 3.1 offers no way around it).
 *
 * <p>After a failed commit the store refuses every later change: the open transaction still holds
 * the failed change, and whether it reached the disk is known only on reopen, when the
 * {@link JournaledVolume} finds its journal entry whole (and replays it) or torn (and ignores it).
 */
final class MapDbLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MapDbLog.class);

    private final StoreFile store;
    private final Committer committer;
    private final ReentrantLock mutation = new ReentrantLock();
    private final ReentrantReadWriteLock range = new ReentrantReadWriteLock();
    private final AtomicLong commits = new AtomicLong();
    private volatile LogState state;
    private volatile Exception failure;
    private boolean closed;

    private MapDbLog(StoreFile store, Committer committer, LogState state) {
        this.store = store;
        this.committer = committer;
        this.state = state;
    }

    /**
     * Opens the store file, checks its records and cuts the log at the first gap or corrupt record.
     *
     * @throws IOException naming the file when MapDB cannot open or read it
     */
    static MapDbLog open(Path file, long checkpointBytes, Committer committer) throws IOException {
        StoreFile store = StoreFile.open(file, checkpointBytes);
        try {
            StoreRecovery.Result recovered = StoreRecovery.verify(store);
            MapDbLog log = new MapDbLog(store, committer, recovered.state());
            if (recovered.cut() != null) {
                log.cut(recovered);
            }
            return log;
        } catch (IOException e) {
            store.close();
            throw e;
        } catch (RuntimeException e) {
            store.close();
            throw StoreFile.unreadable(file, e);
        }
    }

    /** The durable range; never waits. */
    LogState state() {
        return state;
    }

    /** How many commits the store made: the measure of group commit. */
    long commitCount() {
        return commits.get();
    }

    /** How many checkpoints the store's journal made since open. */
    long checkpointCount() {
        return store.volume().checkpointCount();
    }

    /**
     * Puts {@code batch} at the next offsets and commits it once. The records go into as few chunks
     * as {@link RecordCodec#CHUNK_BYTES} allows, one B-tree insert each.
     *
     * @return the offset of the batch's first record; the others follow densely
     * @throws IOException when the commit fails, or failed before
     */
    long appendBatch(List<PendingAppend> batch) throws IOException {
        mutation.lock();
        try {
            ensureWritable();
            LogState before = state;
            long offset = before.endOffset();
            long lastEpoch = batch.get(batch.size() - 1).epoch();
            try {
                int next = 0;
                while (next < batch.size()) {
                    int end = next;
                    int bytes = 0;
                    do {
                        bytes += RecordCodec.chunkBytes(batch.get(end++).payload());
                    } while (end < batch.size()
                            && bytes + RecordCodec.chunkBytes(batch.get(end).payload()) <= RecordCodec.CHUNK_BYTES);
                    ByteBuffer chunk = ByteBuffer.allocate(bytes);
                    long key = offset;
                    for (; next < end; next++) {
                        RecordCodec.put(chunk, offset++, batch.get(next).epoch(), batch.get(next).payload());
                    }
                    store.records().put(key, chunk.array());
                }
                store.lastEpoch().set(lastEpoch);
                commit();
            } catch (IOException | RuntimeException e) {
                throw failed("commit of " + batch.size() + " appended record(s)", e);
            }
            state = new LogState(before.startOffset(), offset, lastEpoch);
            return before.endOffset();
        } finally {
            mutation.unlock();
        }
    }

    /**
     * Up to {@code maxRecords} records from {@code fromOffset} on.
     *
     * @throws WalOffsetOutOfRangeException when {@code fromOffset} is outside [start, end]
     * @throws IOException when MapDB cannot read a record or a record is corrupt
     */
    List<WalRecord> read(long fromOffset, int maxRecords) throws IOException {
        if (maxRecords < 0) {
            throw new IllegalArgumentException("maxRecords must not be negative, got " + maxRecords);
        }
        range.readLock().lock();
        try {
            ensureOpen();
            LogState current = state;
            checkInRange(fromOffset, current);
            int count = (int) Math.min(maxRecords, current.endOffset() - fromOffset);
            return records(fromOffset, count);
        } finally {
            range.readLock().unlock();
        }
    }

    /** Removes the records at and above {@code fromOffset} in one commit. */
    void truncateSuffix(long fromOffset) throws IOException {
        mutation.lock();
        try {
            ensureWritable();
            LogState current = state;
            checkInRange(fromOffset, current);
            if (fromOffset == current.endOffset()) {
                return;
            }
            long epochBefore = fromOffset > current.startOffset() ? recordAt(fromOffset - 1).epoch() : -1;
            publish(new LogState(current.startOffset(), fromOffset, epochBefore));
            try {
                removeFrom(fromOffset);
                store.lastEpoch().set(epochBefore);
                commit();
            } catch (IOException | RuntimeException e) {
                throw failed("removal of the records from offset " + fromOffset, e);
            }
        } finally {
            mutation.unlock();
        }
    }

    /**
     * Removes the records below {@code beforeOffset} in one commit. Beyond the end (a snapshot newer
     * than the whole log) it empties the log and restarts it there, with no last epoch.
     */
    void deletePrefix(long beforeOffset) throws IOException {
        mutation.lock();
        try {
            ensureWritable();
            LogState current = state;
            if (beforeOffset <= current.startOffset()) {
                return;
            }
            LogState next = beforeOffset > current.endOffset()
                    ? new LogState(beforeOffset, beforeOffset, -1)
                    : new LogState(beforeOffset, current.endOffset(), current.lastEpoch());
            publish(next);
            try {
                removeBelow(beforeOffset, current.endOffset());
                store.startOffset().set(beforeOffset);
                store.lastEpoch().set(next.lastEpoch());
                commit();
            } catch (IOException | RuntimeException e) {
                throw failed("removal of the records below offset " + beforeOffset, e);
            }
        } finally {
            mutation.unlock();
        }
    }

    /**
     * Closes the store without committing (after a failed commit, its change is left to MapDB's
     * replay); later calls fail with {@link WalClosedException}. Idempotent.
     */
    @Override
    public void close() {
        mutation.lock();
        try {
            range.writeLock().lock();
            try {
                if (closed) {
                    return;
                }
                closed = true;
            } finally {
                range.writeLock().unlock();
            }
            store.close();
        } finally {
            mutation.unlock();
        }
    }

    /** Removes what lies outside the verified range found on open, and logs where the log was cut. */
    private void cut(StoreRecovery.Result recovered) throws IOException {
        LogState verified = recovered.state();
        try {
            removeBelow(verified.startOffset(), verified.endOffset());
            removeFrom(verified.endOffset());
            store.lastEpoch().set(verified.lastEpoch());
            commit();
        } catch (RuntimeException e) {
            throw new IOException("Metadata WAL recovery: cutting the log at offset " + verified.endOffset()
                    + " in " + store.path() + " failed", e);
        }
        LOG.warn("Metadata WAL recovery: cut corrupt tail at offset {} (store {}): {}",
                verified.endOffset(), store.path(), recovered.cut().reason());
    }

    private void commit() throws IOException {
        committer.commit(store.db());
        commits.incrementAndGet();
    }

    private WalRecord recordAt(long offset) throws IOException {
        return records(offset, 1).get(0);
    }

    /** The {@code count} records from {@code fromOffset} on, which the log holds: read from their chunks. */
    private List<WalRecord> records(long fromOffset, int count) throws IOException {
        List<WalRecord> records = new ArrayList<>(count);
        long next = fromOffset;
        long end = fromOffset + count;
        try {
            Long first = count > 0 ? store.records().floorKey(fromOffset) : null;
            if (first != null) {
                for (Map.Entry<Long, byte[]> chunk : store.records().tailMap(first, true).entrySet()) {
                    if (chunk.getKey() > next) {
                        break;
                    }
                    RecordCodec.Cursor cursor = new RecordCodec.Cursor(chunk.getKey(), chunk.getValue());
                    while (cursor.hasNext() && next < end) {
                        if (cursor.offset() < next) {
                            cursor.skip();
                        } else {
                            records.add(cursor.next());
                            next++;
                        }
                    }
                    if (next == end) {
                        break;
                    }
                }
            }
        } catch (CorruptRecordException e) {
            throw new IOException("Metadata WAL: " + store.path() + " holds a " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IOException("Metadata WAL: MapDB cannot read offset " + next + " from " + store.path(), e);
        }
        if (next < end) {
            throw new IOException("Metadata WAL: offset " + next + " is missing from " + store.path());
        }
        return records;
    }

    /**
     * Removes the records at and above {@code fromOffset}: the chunks from there, and the tail of
     * the chunk that holds it.
     */
    private void removeFrom(long fromOffset) throws CorruptRecordException {
        Long holding = store.records().floorKey(fromOffset);
        store.records().tailMap(fromOffset, true).clear();
        if (holding != null && holding < fromOffset) {
            byte[] chunk = store.records().get(holding);
            RecordCodec.Cursor cursor = new RecordCodec.Cursor(holding, chunk);
            while (cursor.hasNext() && cursor.offset() < fromOffset) {
                cursor.skip();
            }
            if (cursor.position() < chunk.length) {
                store.records().put(holding, Arrays.copyOf(chunk, cursor.position()));
            }
        }
    }

    /**
     * Removes the chunks whose records all lie below {@code beforeOffset}; the chunk holding it is
     * kept whole, and reads never look below the start offset.
     */
    private void removeBelow(long beforeOffset, long endOffset) {
        Long holding = beforeOffset < endOffset ? store.records().floorKey(beforeOffset) : null;
        store.records().headMap(holding != null ? holding : beforeOffset).clear();
    }

    private void publish(LogState next) {
        range.writeLock().lock();
        try {
            state = next;
        } finally {
            range.writeLock().unlock();
        }
    }

    /** Records the first failure, which every later change reports; the batch gets this exception. */
    private IOException failed(String what, Exception cause) {
        failure = cause;
        LOG.error("Metadata WAL: MapDB {} in {} failed; the WAL refuses appends and truncation until reopened",
                what, store.path(), cause);
        return new IOException("Metadata WAL: MapDB " + what + " failed (" + cause + "); what reached the disk is"
                + " unknown", cause);
    }

    private void ensureWritable() throws IOException {
        ensureOpen();
        Exception failed = failure;
        if (failed != null) {
            throw new IOException("Metadata WAL refuses appends and truncation: an earlier MapDB commit failed ("
                    + failed + "), so what reached the disk is unknown; reopen the WAL to recover", failed);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new WalClosedException("Metadata WAL store " + store.path() + " is closed");
        }
    }

    private static void checkInRange(long offset, LogState current) {
        if (offset < current.startOffset() || offset > current.endOffset()) {
            throw new WalOffsetOutOfRangeException(offset, current.startOffset(), current.endOffset());
        }
    }
}
