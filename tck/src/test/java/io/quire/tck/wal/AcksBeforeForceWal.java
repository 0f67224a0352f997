package io.quire.tck.wal;

import io.quire.spi.wal.MetadataWal;
import io.quire.spi.wal.WalOffsetOutOfRangeException;
import io.quire.spi.wal.WalRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Broken on purpose, for the self-test of rule wal03: it acknowledges an append as soon as the
 * record is in a memory buffer, which reaches the {@link SimpleFileWal} underneath only at close.
 * Within one process it looks perfect, even across a clean close and reopen; a crash loses every
 * record it acknowledged since it was opened.
 */
final class AcksBeforeForceWal implements MetadataWal {

    private final SimpleFileWal file;
    private final List<WalRecord> buffered = new ArrayList<>();

    AcksBeforeForceWal(SimpleFileWal file) {
        this.file = file;
    }

    @Override
    public synchronized CompletableFuture<Long> append(long epoch, byte[] payload) {
        long offset = endOffset();
        buffered.add(new WalRecord(epoch, offset, payload));
        return CompletableFuture.completedFuture(offset);
    }

    @Override
    public synchronized List<WalRecord> read(long fromOffset, int maxRecords) throws IOException {
        long flushed = file.endOffset();
        if (fromOffset < flushed) {
            return file.read(fromOffset, maxRecords);
        }
        if (fromOffset > endOffset()) {
            throw new WalOffsetOutOfRangeException(fromOffset, startOffset(), endOffset());
        }
        int from = (int) (fromOffset - flushed);
        return List.copyOf(buffered.subList(from, (int) Math.min(buffered.size(), (long) from + maxRecords)));
    }

    @Override
    public synchronized long startOffset() {
        return file.startOffset();
    }

    @Override
    public synchronized long endOffset() {
        return file.endOffset() + buffered.size();
    }

    @Override
    public synchronized long lastEpoch() {
        return buffered.isEmpty() ? file.lastEpoch() : buffered.get(buffered.size() - 1).epoch();
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

    /** Only now does what was acknowledged reach the file. */
    @Override
    public synchronized void close() {
        for (WalRecord record : buffered) {
            file.append(record.epoch(), record.payload()).join();
        }
        buffered.clear();
        file.close();
    }
}
