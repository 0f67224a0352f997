package io.quire.wal.file;

import io.quire.spi.wal.WalClosedException;
import io.quire.spi.wal.WalOffsetOutOfRangeException;
import io.quire.spi.wal.WalRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The segments of one WAL and the offset range they hold: writes batches, reads records, cuts the
 * suffix, drops the prefix.
 *
 * <p>Two locks, so that no reader ever waits for a disk force:
 * <ul>
 *   <li>{@code mutation} serializes everything that changes the files (the writer's batches, suffix
 *       truncation, prefix deletion, close). It is held across writes and forces; readers never take
 *       it. Whoever holds it may read the segment list and indexes without the index lock, since
 *       only holders of both locks change them.
 *   <li>{@code index} (read-write) guards the segment list, the segments' indexes and the offset
 *       range. Readers hold its read lock while they read; a mutation holds its write lock only to
 *       publish what is already on disk, never while writing or forcing.
 * </ul>
 * Records become visible to readers only once forced, so {@link #read} returns durable records only.
 */
final class SegmentedLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentedLog.class);

    /** The records one batch wrote into one segment: where each frame starts. */
    private record SegmentWrite(Segment segment, long[] positions) {}

    private final SegmentDirectory directory;
    private final WalLimits limits;
    private final ReentrantLock mutation = new ReentrantLock();
    private final ReentrantReadWriteLock index = new ReentrantReadWriteLock();
    private final List<Segment> segments;
    private final AtomicLong forces = new AtomicLong();
    /** Segments written since their last force, oldest first; touched only under {@code mutation}. */
    private final List<Segment> unforced = new ArrayList<>();
    private volatile long startOffset;
    private volatile long endOffset;
    private volatile long lastEpoch;
    private boolean closed;
    /**
     * Set when a suffix truncation or prefix deletion failed half way: the files may no longer
     * match the index, so appends are refused until the WAL is reopened and recovered.
     */
    private volatile Exception broken;

    SegmentedLog(SegmentDirectory directory, WalLimits limits, WalRecovery.RecoveredLog recovered) {
        this.directory = directory;
        this.limits = limits;
        this.segments = new ArrayList<>(recovered.segments());
        this.startOffset = segments.get(0).baseOffset();
        this.endOffset = lastSegment().endOffset();
        this.lastEpoch = recovered.lastEpoch();
    }

    long startOffset() {
        return startOffset;
    }

    long endOffset() {
        return endOffset;
    }

    long lastEpoch() {
        return lastEpoch;
    }

    /** How many times a batch forced a segment file: the measure of group commit. */
    long forceCount() {
        return forces.get();
    }

    /**
     * Writes {@code batch} at the next offsets, forces it when {@code force} is set (otherwise it
     * stays in the OS page cache until {@link #forceWritten()}), and publishes it to readers. Rolls
     * to a new segment when the active one would exceed the segment size; an empty segment takes any
     * one record, however large.
     *
     * @return the offset of the batch's first record; the others follow densely
     */
    long appendBatch(List<PendingAppend> batch, boolean force) throws IOException {
        mutation.lock();
        try {
            ensureOpen();
            ensureIntact();
            long firstOffset = endOffset;
            List<SegmentWrite> writes = new ArrayList<>();
            int from = 0;
            while (from < batch.size()) {
                Segment segment = lastSegment();
                int to = chunkEnd(segment, batch, from);
                if (to == from) {
                    roll(firstOffset + from);
                    continue;
                }
                writes.add(new SegmentWrite(segment, writeChunk(segment, batch.subList(from, to), firstOffset + from)));
                from = to;
            }
            if (force) {
                forceWritten();
            }
            publish(writes, firstOffset + batch.size(), batch.get(batch.size() - 1).epoch());
            return firstOffset;
        } finally {
            mutation.unlock();
        }
    }

    /**
     * Up to {@code maxRecords} records from {@code fromOffset} on.
     *
     * @throws WalOffsetOutOfRangeException when {@code fromOffset} is outside [start, end]
     */
    List<WalRecord> read(long fromOffset, int maxRecords) throws IOException {
        if (maxRecords < 0) {
            throw new IllegalArgumentException("maxRecords must not be negative, got " + maxRecords);
        }
        index.readLock().lock();
        try {
            ensureOpen();
            checkInRange(fromOffset);
            int count = (int) Math.min(maxRecords, endOffset - fromOffset);
            List<WalRecord> records = new ArrayList<>(count);
            if (count == 0) {
                return records;
            }
            int segment = segmentIndexOf(fromOffset);
            for (long offset = fromOffset; offset < fromOffset + count; offset++) {
                while (offset >= segments.get(segment).endOffset()) {
                    segment++;
                }
                records.add(segments.get(segment).read(offset, limits.maxRecordBytes()));
            }
            return records;
        } finally {
            index.readLock().unlock();
        }
    }

    /**
     * Removes the records at and above {@code fromOffset}: later segment files are deleted newest
     * first, then the segment holding {@code fromOffset} is truncated, so a crash in between leaves
     * a shorter but intact log.
     */
    void truncateSuffix(long fromOffset) throws IOException {
        mutation.lock();
        try {
            ensureOpen();
            ensureIntact();
            checkInRange(fromOffset);
            if (fromOffset == endOffset) {
                return;
            }
            cutSuffix(fromOffset);
        } catch (IOException | RuntimeException e) {
            markBrokenUnlessRefused(e);
            throw e;
        } finally {
            mutation.unlock();
        }
    }

    private void cutSuffix(long fromOffset) throws IOException {
        // Structure changes start from a fully forced log, so no closed segment stays unforced.
        forceUnforced();
        int keep = segmentIndexOf(fromOffset);
        Segment kept = segments.get(keep);
        long cutPosition = kept.positionOf(fromOffset);
        long epochBefore = fromOffset > startOffset ? recordAt(fromOffset - 1).epoch() : -1;
        List<Segment> removed;
        index.writeLock().lock();
        try {
            removed = new ArrayList<>(segments.subList(keep + 1, segments.size()));
            segments.subList(keep + 1, segments.size()).clear();
            kept.dropRecordsFrom(fromOffset);
            endOffset = fromOffset;
            lastEpoch = epochBefore;
        } finally {
            index.writeLock().unlock();
        }
        for (int i = removed.size() - 1; i >= 0; i--) {
            removed.get(i).close();
            directory.delete(removed.get(i).baseOffset());
        }
        kept.truncateTo(cutPosition);
    }

    /**
     * Deletes the segment files whose records all lie below {@code beforeOffset}, oldest first; the
     * active segment is kept, so the offsets and last epoch survive a reopen. An offset beyond the
     * end (a snapshot newer than the whole log) empties the log and restarts it there.
     */
    void deletePrefix(long beforeOffset) throws IOException {
        mutation.lock();
        try {
            ensureOpen();
            ensureIntact();
            forceUnforced();
            if (beforeOffset > endOffset) {
                restartAt(beforeOffset);
                return;
            }
            List<Segment> removed = new ArrayList<>();
            index.writeLock().lock();
            try {
                while (segments.size() > 1 && segments.get(1).baseOffset() <= beforeOffset) {
                    removed.add(segments.remove(0));
                }
                startOffset = segments.get(0).baseOffset();
            } finally {
                index.writeLock().unlock();
            }
            deleteOldestFirst(removed);
        } catch (IOException | RuntimeException e) {
            markBrokenUnlessRefused(e);
            throw e;
        } finally {
            mutation.unlock();
        }
    }

    /** Closes the segment files; later calls fail with {@link WalClosedException}. Idempotent. */
    @Override
    public void close() {
        mutation.lock();
        try {
            index.writeLock().lock();
            try {
                if (closed) {
                    return;
                }
                closed = true;
            } finally {
                index.writeLock().unlock();
            }
            try {
                forceUnforced();
            } catch (IOException e) {
                LOG.error("Metadata WAL: forcing the last writes at close failed; they may be lost", e);
            }
            for (Segment segment : segments) {
                try {
                    segment.close();
                } catch (IOException e) {
                    LOG.warn("Metadata WAL: closing segment file {} failed", segment.file(), e);
                }
            }
        } finally {
            mutation.unlock();
        }
    }

    private int chunkEnd(Segment segment, List<PendingAppend> batch, int from) {
        long size = segment.sizeBytes();
        int to = from;
        while (to < batch.size()) {
            long frame = RecordFraming.frameBytes(batch.get(to).payload().length);
            if (size > 0 && size + frame > limits.segmentBytes()) {
                break;
            }
            size += frame;
            to++;
        }
        return to;
    }

    /** Writes one segment's share of a batch with gathering writes; forcing is the caller's. */
    private long[] writeChunk(Segment segment, List<PendingAppend> chunk, long firstOffset) throws IOException {
        ByteBuffer[] frames = new ByteBuffer[2 * chunk.size()];
        long[] positions = new long[chunk.size()];
        long position = segment.sizeBytes();
        for (int i = 0; i < chunk.size(); i++) {
            PendingAppend append = chunk.get(i);
            frames[2 * i] = RecordFraming.encodeHeader(append.epoch(), firstOffset + i, append.payload());
            frames[2 * i + 1] = ByteBuffer.wrap(append.payload());
            positions[i] = position;
            position += RecordFraming.frameBytes(append.payload().length);
        }
        segment.write(frames);
        if (!unforced.contains(segment)) {
            unforced.add(segment);
        }
        return positions;
    }

    /** Forces every segment written since its last force: one force per segment touched. */
    void forceWritten() throws IOException {
        mutation.lock();
        try {
            ensureOpen();
            forceUnforced();
        } finally {
            mutation.unlock();
        }
    }

    /** {@link #forceWritten()} for a caller that holds {@code mutation}. */
    private void forceUnforced() throws IOException {
        while (!unforced.isEmpty()) {
            unforced.get(0).force();
            forces.incrementAndGet();
            unforced.remove(0);
        }
    }

    /** Whether records were written that are not forced yet. */
    boolean hasUnforcedWrites() {
        mutation.lock();
        try {
            return !unforced.isEmpty();
        } finally {
            mutation.unlock();
        }
    }

    private void roll(long baseOffset) throws IOException {
        Segment created = directory.create(baseOffset);
        index.writeLock().lock();
        try {
            segments.add(created);
        } finally {
            index.writeLock().unlock();
        }
    }

    private void publish(List<SegmentWrite> writes, long newEndOffset, long newLastEpoch) {
        index.writeLock().lock();
        try {
            for (SegmentWrite write : writes) {
                for (long position : write.positions()) {
                    write.segment().addRecord(position);
                }
            }
            endOffset = newEndOffset;
            lastEpoch = newLastEpoch;
        } finally {
            index.writeLock().unlock();
        }
    }

    /**
     * Replaces every segment with an empty one based at {@code offset}. The new file is created
     * first, so a failure leaves the old log whole; a crash while the old files are deleted leaves a
     * gap that recovery cuts, keeping the older records.
     */
    private void restartAt(long offset) throws IOException {
        Segment fresh = directory.create(offset);
        List<Segment> removed;
        index.writeLock().lock();
        try {
            removed = new ArrayList<>(segments);
            segments.clear();
            segments.add(fresh);
            startOffset = offset;
            endOffset = offset;
            lastEpoch = -1;
        } finally {
            index.writeLock().unlock();
        }
        deleteOldestFirst(removed);
    }

    private void deleteOldestFirst(List<Segment> removed) throws IOException {
        for (Segment segment : removed) {
            segment.close();
            directory.delete(segment.baseOffset());
        }
    }

    private WalRecord recordAt(long offset) throws IOException {
        return segments.get(segmentIndexOf(offset)).read(offset, limits.maxRecordBytes());
    }

    /** The index of the last segment based at or below {@code offset}. */
    private int segmentIndexOf(long offset) {
        int i = segments.size() - 1;
        while (i > 0 && segments.get(i).baseOffset() > offset) {
            i--;
        }
        return i;
    }

    private void checkInRange(long offset) {
        long start = startOffset;
        long end = endOffset;
        if (offset < start || offset > end) {
            throw new WalOffsetOutOfRangeException(offset, start, end);
        }
    }

    private Segment lastSegment() {
        return segments.get(segments.size() - 1);
    }

    private void ensureIntact() throws IOException {
        Exception cause = broken;
        if (cause != null) {
            throw new IOException("Metadata WAL in " + directory.path() + " refuses changes: an earlier suffix"
                    + " truncation or prefix deletion failed (" + cause + "); reopen the WAL to recover", cause);
        }
    }

    /** Records a failure that may have left files and index apart; refusals changed nothing. */
    private void markBrokenUnlessRefused(Exception e) {
        if (!(e instanceof WalClosedException) && !(e instanceof WalOffsetOutOfRangeException) && broken == null) {
            broken = e;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new WalClosedException("Metadata WAL in " + directory.path() + " is closed");
        }
    }
}
