package io.quire.wal.mapdb;

import java.util.Iterator;

/**
 * Checks, on open, that the stored records are dense from the start offset and intact. The journal
 * makes every commit all or nothing, so a gap or a bad checksum means damage below MapDB (or a
 * bug); the log is then cut at the first bad offset, as the SPI's recovery rule asks.
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
        Iterator<Long> keys = store.records().keySet().iterator();
        while (keys.hasNext()) {
            long key = keys.next();
            if (breaksOrder(key, expected, start)) {
                return cut(start, expected, epoch, new CorruptRecordException(expected, unexpectedKey(key, expected)));
            }
            try {
                RecordCodec.Cursor cursor = new RecordCodec.Cursor(key, readChunk(store, key, expected));
                while (cursor.hasNext()) {
                    if (cursor.offset() < start) {
                        cursor.skip();
                    } else {
                        epoch = cursor.next().epoch();
                        expected++;
                    }
                }
            } catch (CorruptRecordException e) {
                return cut(start, Math.max(start, e.offset()), epoch, e);
            }
        }
        return new Result(new LogState(start, expected, store.lastEpoch().get()), null);
    }

    /**
     * Whether a chunk stored under {@code key} breaks a log expected to go on at {@code expected}
     * from {@code start}: only the first chunk may begin below the start, since prefix deletion
     * keeps the chunk holding it.
     */
    static boolean breaksOrder(long key, long expected, long start) {
        return key > expected || (key < expected && expected > start);
    }

    static String unexpectedKey(long key, long expected) {
        return "found offset " + key + " where " + expected + " was expected";
    }

    static byte[] readChunk(StoreFile store, long key, long expected) throws CorruptRecordException {
        try {
            return store.records().get(key);
        } catch (RuntimeException e) {
            throw new CorruptRecordException(expected, "MapDB cannot read the value: " + e);
        }
    }

    /** A cut at {@code offset}: the record before it (if any) gives the last epoch. */
    private static Result cut(long start, long offset, long epochBefore, CorruptRecordException reason) {
        return new Result(new LogState(start, offset, offset > start ? epochBefore : -1), reason);
    }
}
