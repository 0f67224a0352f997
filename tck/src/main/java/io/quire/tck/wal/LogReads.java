package io.quire.tck.wal;

import io.quire.spi.wal.MetadataWal;
import io.quire.spi.wal.WalRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads a whole log, checking on the way what every read promises: dense offsets, progress, bounds. */
final class LogReads {

    /** How many records the kit asks for per read; a plugin may return fewer, never none. */
    static final int BATCH = 100;

    private LogReads() {}

    /** Every record from {@link MetadataWal#startOffset()} to {@link MetadataWal#endOffset()}. */
    static List<WalRecord> all(WalRule rule, MetadataWal wal) throws IOException {
        return range(rule, wal, wal.startOffset(), wal.endOffset());
    }

    /** The records in [{@code from}, {@code to}), read in batches. */
    static List<WalRecord> range(WalRule rule, MetadataWal wal, long from, long to) throws IOException {
        List<WalRecord> records = new ArrayList<>();
        long next = from;
        while (next < to) {
            List<WalRecord> batch = wal.read(next, BATCH);
            check(rule, batch, next, BATCH);
            records.addAll(batch);
            next += batch.size();
        }
        return records;
    }

    /**
     * Checks one read below the end: at least one and at most {@code maxRecords} records, starting
     * at {@code from}, with consecutive offsets. A read that returns nothing although records
     * follow would leave a reader spinning forever.
     */
    static void check(WalRule rule, List<WalRecord> batch, long from, int maxRecords) {
        if (batch.isEmpty() || batch.size() > maxRecords) {
            throw new AssertionError(rule.that("read(%d, %d) below the end returned %d records", from, maxRecords,
                    batch.size()));
        }
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i).offset() != from + i) {
                throw new AssertionError(rule.that("read(%d, %d) returned offset %d at position %d", from, maxRecords,
                        batch.get(i).offset(), i));
            }
        }
    }
}
