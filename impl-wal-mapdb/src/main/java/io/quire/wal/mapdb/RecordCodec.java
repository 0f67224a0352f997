package io.quire.wal.mapdb;

import io.quire.spi.wal.WalRecord;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The values of the B-tree. A value is a chunk: the records of one commit at consecutive offsets,
 * stored under the offset of the first (so that a commit costs one B-tree insert, not one per
 * record). Each record in it is {@code length (4 bytes) | crc32c (4) | epoch (8) | payload}, the
 * length counting what follows it. MapDB checks neither its pages nor its records, so the checksum,
 * taken over the record's offset, epoch and payload, is what keeps a corrupt or misplaced record
 * from ever being returned.
 */
final class RecordCodec {

    /** Checksum and epoch. */
    static final int HEADER_BYTES = Integer.BYTES + Long.BYTES;
    /** A commit's records are split into chunks of about this size; a larger record has one of its own. */
    static final int CHUNK_BYTES = 32 << 10;

    private RecordCodec() {}

    /** The bytes a record takes in a chunk. */
    static int chunkBytes(byte[] payload) {
        return Integer.BYTES + HEADER_BYTES + payload.length;
    }

    /** Appends the record at {@code offset} to a chunk. */
    static void put(ByteBuffer chunk, long offset, long epoch, byte[] payload) {
        chunk.putInt(HEADER_BYTES + payload.length).putInt(checksum(offset, epoch, payload, 0, payload.length))
                .putLong(epoch).put(payload);
    }

    /** A chunk of the one record {@code offset}. */
    static byte[] chunkOf(long offset, long epoch, byte[] payload) {
        ByteBuffer chunk = ByteBuffer.allocate(chunkBytes(payload));
        put(chunk, offset, epoch, payload);
        return chunk.array();
    }

    /** A record read from a chunk; its epoch and payload are untrusted unless {@code checksumMatches}. */
    record Stored(WalRecord record, boolean checksumMatches) {}

    /** Walks the records of the chunk stored under {@code key}, from the first. */
    static final class Cursor {

        private final byte[] chunk;
        private long offset;
        private int position;

        Cursor(long key, byte[] chunk) {
            this.chunk = chunk;
            this.offset = key;
        }

        boolean hasNext() {
            return position < chunk.length;
        }

        /** The offset of the next record. */
        long offset() {
            return offset;
        }

        /** How many bytes the records before the next one take. */
        int position() {
            return position;
        }

        /**
         * The next record, checked.
         *
         * @throws CorruptRecordException when it does not fit in the chunk or its checksum does not match
         */
        WalRecord next() throws CorruptRecordException {
            Stored stored = nextStored();
            if (!stored.checksumMatches()) {
                throw new CorruptRecordException(stored.record().offset(), "CRC mismatch");
            }
            return stored.record();
        }

        /**
         * The next record as stored, stepping over it whether or not its checksum matches (its
         * length still delimits it).
         *
         * @throws CorruptRecordException when it does not fit in the chunk
         */
        Stored nextStored() throws CorruptRecordException {
            int length = length();
            int from = position + Integer.BYTES;
            ByteBuffer fields = ByteBuffer.wrap(chunk, from, HEADER_BYTES);
            int storedChecksum = fields.getInt();
            long epoch = fields.getLong();
            byte[] payload = Arrays.copyOfRange(chunk, from + HEADER_BYTES, from + length);
            boolean matches = checksum(offset, epoch, payload, 0, payload.length) == storedChecksum;
            position = from + length;
            return new Stored(new WalRecord(epoch, offset++, payload), matches);
        }

        /** Steps over the next record without checking its checksum. */
        void skip() throws CorruptRecordException {
            position += Integer.BYTES + length();
            offset++;
        }

        private int length() throws CorruptRecordException {
            int left = chunk.length - position - Integer.BYTES;
            if (left < 0) {
                throw new CorruptRecordException(offset, "chunk ends inside the length of the record");
            }
            int length = ByteBuffer.wrap(chunk, position, Integer.BYTES).getInt();
            if (length < HEADER_BYTES || length > left) {
                throw new CorruptRecordException(offset, "record of " + length + " bytes does not fit in the "
                        + left + " bytes left in its chunk");
            }
            return length;
        }
    }

    private static int checksum(long offset, long epoch, byte[] payload, int from, int length) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(2 * Long.BYTES).putLong(offset).putLong(epoch).flip());
        crc.update(payload, from, length);
        return (int) crc.getValue();
    }
}
