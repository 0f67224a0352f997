package io.quire.wal.mapdb;

import java.util.Iterator;

/**
 * Checks, on open, that the stored records are dense from the start offset and intact. MapDB's
 * replay makes every commit all or nothing, so a gap or a bad checksum means damage below MapDB
 * (or a bug); the log is then cut at the first bad offset, as the SPI's recovery rule asks.
 */
final class StoreRecovery {

    /**
     * What the check found.
     *
     * @param state the range of the verified records
     * @param cut why the log must be cut at {@code state.endOffset()}, or null when every record
     *     passed
     */
    record Result(LogState state, CorruptRecordException cut) {}

    private StoreRecovery() {}

    static Result verify(StoreFile store) {
        long start = store.startOffset().get();
        long expected = start;
        long epoch = store.lastEpoch().get();
        Iterator<Long> offsets = store.records().keySet().iterator();
        while (offsets.hasNext()) {
            long offset = offsets.next();
            if (offset != expected) {
                return cut(start, expected, epoch, new CorruptRecordException(expected,
                        "found offset " + offset + " where " + expected + " was expected"));
            }
            try {
                epoch = RecordCodec.decode(offset, readValue(store, offset)).epoch();
            } catch (CorruptRecordException e) {
                return cut(start, expected, epoch, e);
            }
            expected++;
        }
        return new Result(new LogState(start, expected, store.lastEpoch().get()), null);
    }

    private static byte[] readValue(StoreFile store, long offset) throws CorruptRecordException {
        try {
            return store.records().get(offset);
        } catch (RuntimeException e) {
            throw new CorruptRecordException(offset, "MapDB cannot read the value: " + e);
        }
    }

    /** A cut at {@code offset}: the record before it (if any) gives the last epoch. */
    private static Result cut(long start, long offset, long epochBefore, CorruptRecordException reason) {
        return new Result(new LogState(start, offset, offset > start ? epochBefore : -1), reason);
    }
}
