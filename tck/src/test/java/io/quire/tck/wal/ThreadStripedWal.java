package io.quire.tck.wal;

import io.quire.spi.wal.MetadataWal;
import io.quire.spi.wal.WalOffsetOutOfRangeException;
import io.quire.spi.wal.WalRecord;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Broken on purpose, for the self-test of rule wal08: to spare appenders contention, each thread's
 * records go to a stripe of their own, while offsets come from one shared counter; reads number
 * the records stripe after stripe. With one appending thread it is a correct (in-memory) log; with
 * several, the record read at an offset is not the one whose append was acknowledged with it.
 */
final class ThreadStripedWal implements MetadataWal {

    private record Entry(long epoch, byte[] payload) {}

    private final AtomicLong nextOffset = new AtomicLong();
    private final Map<Thread, List<Entry>> stripes = new LinkedHashMap<>();
    private long lastEpoch = -1;

    @Override
    public CompletableFuture<Long> append(long epoch, byte[] payload) {
        long offset = nextOffset.getAndIncrement();
        synchronized (this) {
            stripes.computeIfAbsent(Thread.currentThread(), thread -> new ArrayList<>()).add(new Entry(epoch, payload));
            lastEpoch = epoch;
        }
        return CompletableFuture.completedFuture(offset);
    }

    @Override
    public synchronized List<WalRecord> read(long fromOffset, int maxRecords) {
        List<Entry> log = new ArrayList<>();
        stripes.values().forEach(log::addAll);
        if (fromOffset < 0 || fromOffset > log.size()) {
            throw new WalOffsetOutOfRangeException(fromOffset, 0, log.size());
        }
        List<WalRecord> records = new ArrayList<>();
        for (long offset = fromOffset; offset < log.size() && records.size() < maxRecords; offset++) {
            Entry entry = log.get((int) offset);
            records.add(new WalRecord(entry.epoch(), offset, entry.payload()));
        }
        return records;
    }

    @Override
    public long startOffset() {
        return 0;
    }

    @Override
    public synchronized long endOffset() {
        return stripes.values().stream().mapToLong(List::size).sum();
    }

    @Override
    public synchronized long lastEpoch() {
        return lastEpoch;
    }

    @Override
    public void truncateSuffix(long fromOffset) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void deletePrefix(long beforeOffset) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.noneOf(Capability.class);
    }

    @Override
    public void close() {
        // Nothing to release: the log lives in memory.
    }
}
