package io.quire.tck.replication;

import io.quire.api.metadata.BrokerInfo;
import io.quire.spi.replication.FollowerLog;
import io.quire.spi.replication.LeaderLog;
import io.quire.spi.replication.LogPosition;
import io.quire.spi.replication.OffsetGapException;
import io.quire.spi.replication.ReplicatedRecord;
import io.quire.spi.replication.StaleEpochException;
import io.quire.spi.wal.WalOffsetOutOfRangeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One node's log in memory, standing in for Quire's engine in the replication kit and in a
 * transport's own tests: the leader's source and the follower's
 * sink over the same records, as in a node that can be either. It keeps the SPI's contract (dense
 * offsets, {@link OffsetGapException} for anything but the next offset, {@link StaleEpochException}
 * below the newest known epoch, {@link WalOffsetOutOfRangeException} below the start) and records
 * what the transport did to it, for the tests to check. Thread-safe.
 */
public final class MemoryLog implements LeaderLog, FollowerLog {

    /** What a test's follower installed. */
    public record InstalledSnapshot(long endOffset, long epoch, byte[] data) {}

    /** How long each accept takes at least, so that overlapping calls are seen to overlap. */
    private static final long ACCEPT_NANOS = 20_000;

    private final List<ReplicatedRecord> records = new ArrayList<>();
    private long startOffset;
    private long epoch;
    private long knownEpoch = -1;
    private byte[] snapshot = new byte[0];
    private long snapshotEpoch;

    private final AtomicBoolean accepting = new AtomicBoolean();
    private final AtomicBoolean overlapped = new AtomicBoolean();
    private final AtomicInteger acceptCalls = new AtomicInteger();
    private final AtomicInteger gapRefusals = new AtomicInteger();
    private final AtomicInteger staleRefusals = new AtomicInteger();
    private final Map<Long, AtomicInteger> acceptsByOffset = new ConcurrentHashMap<>();
    private final List<Long> truncations = new CopyOnWriteArrayList<>();
    private final List<InstalledSnapshot> installed = new CopyOnWriteArrayList<>();
    private final List<BrokerInfo> joined = new CopyOnWriteArrayList<>();
    private final Map<Integer, Long> acknowledged = new ConcurrentHashMap<>();
    private final List<String> contractViolations = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch gate;
    private volatile long loseTailAt = -1;
    private volatile long loseTailFrom = -1;

    public MemoryLog(long epoch) {
        this.epoch = epoch;
    }

    /** A leader's log whose WAL starts at {@code startOffset}, below which only {@code snapshot} tells. */
    public static MemoryLog withSnapshot(long epoch, long startOffset, byte[] snapshot) {
        MemoryLog log = new MemoryLog(epoch);
        log.startOffset = startOffset;
        log.snapshot = snapshot;
        log.snapshotEpoch = epoch;
        return log;
    }

    // ---- the test's engine side

    /** Appends {@code count} records in {@code epoch}, as a leader's WAL would. */
    public synchronized void append(long recordEpoch, int count) {
        for (int i = 0; i < count; i++) {
            long offset = endOffsetLocked();
            records.add(new ReplicatedRecord(ReplicatedRecord.METADATA_TOPIC, 0, recordEpoch, offset, offset,
                    ("record " + offset + " of epoch " + recordEpoch).getBytes(StandardCharsets.UTF_8)));
        }
        knownEpoch = Math.max(knownEpoch, recordEpoch);
    }

    /** This node now leads {@code newEpoch}. */
    public synchronized void lead(long newEpoch) {
        epoch = newEpoch;
        knownEpoch = Math.max(knownEpoch, newEpoch);
    }

    /** This node has heard of {@code newer} (from another leader, say); older records are stale. */
    public synchronized void learnEpoch(long newer) {
        knownEpoch = Math.max(knownEpoch, newer);
    }

    /** Makes every accept wait until the returned latch is counted down: a slow disk. */
    public CountDownLatch closeGate() {
        CountDownLatch latch = new CountDownLatch(1);
        gate = latch;
        return latch;
    }

    /**
     * When the record at {@code atOffset} arrives, the log first loses everything from
     * {@code fromOffset} on, once (a torn tail cut by its WAL), so that the record is a gap.
     */
    public void loseTailOnce(long atOffset, long fromOffset) {
        loseTailFrom = fromOffset;
        loseTailAt = atOffset;
    }

    public synchronized List<ReplicatedRecord> records() {
        return List.copyOf(records);
    }

    /** Each record as a line (offset, epoch, topic-partition, payload): two logs compare quickly. */
    public synchronized List<String> lines() {
        return records.stream()
                .map(r -> r.offset() + " " + r.epoch() + " " + r.topic() + "-" + r.partition() + " "
                        + new String(r.payload(), StandardCharsets.UTF_8))
                .toList();
    }

    // ---- LeaderLog

    @Override
    public synchronized long epoch() {
        return epoch;
    }

    @Override
    public synchronized long startOffset() {
        return startOffset;
    }

    @Override
    public synchronized long endOffset() {
        return endOffsetLocked();
    }

    @Override
    public synchronized List<ReplicatedRecord> read(long fromOffset, int maxRecords) {
        long end = endOffsetLocked();
        if (fromOffset < startOffset || fromOffset > end) {
            throw new WalOffsetOutOfRangeException(fromOffset, startOffset, end);
        }
        int from = (int) (fromOffset - startOffset);
        return List.copyOf(records.subList(from, (int) Math.min(records.size(), (long) from + maxRecords)));
    }

    /** Kafka's rule (KIP-101): the follower keeps what lies below the end of its last epoch here. */
    @Override
    public synchronized long divergenceOffset(LogPosition follower) {
        long endOfItsEpoch = endOffsetLocked();
        boolean holdsItsEpoch = follower.lastEpoch() < 0 || snapshotEpoch == follower.lastEpoch();
        for (ReplicatedRecord record : records) {
            if (record.epoch() == follower.lastEpoch()) {
                holdsItsEpoch = true;
            }
            if (record.epoch() > follower.lastEpoch()) {
                endOfItsEpoch = record.offset();
                break;
            }
        }
        // An epoch this log never had was written by a deposed leader alone: all of it diverges.
        return Math.min(holdsItsEpoch ? follower.endOffset() : follower.lastEpochStart(), endOfItsEpoch);
    }

    @Override
    public synchronized Snapshot openSnapshot() {
        return new Snapshot(startOffset, snapshotEpoch, new ByteArrayInputStream(snapshot));
    }

    @Override
    public void acknowledged(int followerId, long endOffset) {
        Long previous = acknowledged.put(followerId, endOffset);
        if (previous != null && previous > endOffset) {
            contractViolations.add("follower " + followerId + " acknowledged " + endOffset + " after " + previous);
        }
    }

    @Override
    public void followerJoined(BrokerInfo broker) {
        joined.add(broker);
    }

    // ---- FollowerLog

    @Override
    public synchronized LogPosition position() {
        long lastEpoch = records.isEmpty() ? (installed.isEmpty() ? -1 : snapshotEpoch)
                : records.get(records.size() - 1).epoch();
        return new LogPosition(lastEpoch, endOffsetLocked(), lastEpochStartLocked());
    }

    /** The offset of the first record of the last epoch, or the end when no record is held. */
    private long lastEpochStartLocked() {
        if (records.isEmpty()) {
            return endOffsetLocked();
        }
        long lastEpoch = records.get(records.size() - 1).epoch();
        long start = records.get(records.size() - 1).offset();
        for (int i = records.size() - 1; i >= 0 && records.get(i).epoch() == lastEpoch; i--) {
            start = records.get(i).offset();
        }
        return start;
    }

    @Override
    public CompletionStage<Void> accept(ReplicatedRecord record) {
        if (!accepting.compareAndSet(false, true)) {
            overlapped.set(true);
        }
        try {
            acceptCalls.incrementAndGet();
            acceptsByOffset.computeIfAbsent(record.offset(), offset -> new AtomicInteger()).incrementAndGet();
            CountDownLatch latch = gate;
            if (latch != null) {
                latch.await();
            }
            // A write takes a moment, as on a disk: accept calls that overlap do overlap here.
            LockSupport.parkNanos(ACCEPT_NANOS);
            return CompletableFuture.completedFuture(append(record));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        } finally {
            accepting.set(false);
        }
    }

    private synchronized Void append(ReplicatedRecord record) {
        if (record.offset() == loseTailAt) {
            loseTailAt = -1;
            records.subList((int) (loseTailFrom - startOffset), records.size()).clear();
        }
        if (record.epoch() < knownEpoch) {
            staleRefusals.incrementAndGet();
            throw new StaleEpochException(record.epoch(), knownEpoch);
        }
        long expected = endOffsetLocked();
        if (record.offset() != expected) {
            gapRefusals.incrementAndGet();
            throw new OffsetGapException(record.offset(), expected);
        }
        records.add(record);
        knownEpoch = record.epoch();
        return null;
    }

    @Override
    public synchronized void truncate(long fromOffset) {
        if (fromOffset < startOffset || fromOffset > endOffsetLocked()) {
            contractViolations.add("truncate(" + fromOffset + ") outside [" + startOffset + ", " + endOffsetLocked() + "]");
            return;
        }
        truncations.add(fromOffset);
        records.subList((int) (fromOffset - startOffset), records.size()).clear();
    }

    @Override
    public void installSnapshot(long endOffset, long snapshotEpoch, InputStream data) throws IOException {
        byte[] bytes = data.readAllBytes();
        synchronized (this) {
            records.clear();
            startOffset = endOffset;
            snapshot = bytes;
            this.snapshotEpoch = snapshotEpoch;
            knownEpoch = Math.max(knownEpoch, snapshotEpoch);
            installed.add(new InstalledSnapshot(endOffset, snapshotEpoch, bytes));
        }
    }

    // ---- what the transport did

    public int acceptCalls() {
        return acceptCalls.get();
    }

    /** Offsets handed to accept more than once. */
    public List<Long> offsetsAcceptedTwice() {
        return acceptsByOffset.entrySet().stream().filter(e -> e.getValue().get() > 1).map(Map.Entry::getKey)
                .sorted().toList();
    }

    public int gapRefusals() {
        return gapRefusals.get();
    }

    public int staleRefusals() {
        return staleRefusals.get();
    }

    public boolean overlappingAccepts() {
        return overlapped.get();
    }

    public List<Long> truncations() {
        return List.copyOf(truncations);
    }

    public List<InstalledSnapshot> installedSnapshots() {
        return List.copyOf(installed);
    }

    public List<BrokerInfo> joined() {
        return List.copyOf(joined);
    }

    /** The last end offset {@code followerId} acknowledged, or -1. */
    public long acknowledgedBy(int followerId) {
        return acknowledged.getOrDefault(followerId, -1L);
    }

    public List<String> contractViolations() {
        return List.copyOf(contractViolations);
    }

    private long endOffsetLocked() {
        return startOffset + records.size();
    }
}
