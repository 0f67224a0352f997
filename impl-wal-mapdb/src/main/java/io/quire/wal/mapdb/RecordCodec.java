package io.quire.wal.mapdb;

import io.quire.spi.wal.WalRecord;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The value stored for one offset: {@code crc32c (4 bytes) | epoch (8) | payload}. MapDB checks
 * neither its pages nor its records, so the checksum, taken over the offset, epoch and payload, is
 * what keeps a corrupt or misplaced value from ever being returned as a record.
 */
final class RecordCodec {

    static final int HEADER_BYTES = Integer.BYTES + Long.BYTES;

    private RecordCodec() {}

    static byte[] encode(long offset, long epoch, byte[] payload) {
        ByteBuffer value = ByteBuffer.allocate(HEADER_BYTES + payload.length);
        value.putInt(checksum(offset, epoch, payload)).putLong(epoch).put(payload);
        return value.array();
    }

    /**
     * The record stored under {@code offset}.
     *
     * @throws CorruptRecordException when the value is too short or its checksum does not match
     */
    static WalRecord decode(long offset, byte[] value) throws CorruptRecordException {
        if (value.length < HEADER_BYTES) {
            throw new CorruptRecordException(offset, "value of " + value.length + " bytes is shorter than its "
                    + HEADER_BYTES + "-byte header");
        }
        ByteBuffer buffer = ByteBuffer.wrap(value);
        int storedChecksum = buffer.getInt();
        long epoch = buffer.getLong();
        byte[] payload = Arrays.copyOfRange(value, HEADER_BYTES, value.length);
        if (checksum(offset, epoch, payload) != storedChecksum) {
            throw new CorruptRecordException(offset, "CRC mismatch");
        }
        return new WalRecord(epoch, offset, payload);
    }

    private static int checksum(long offset, long epoch, byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(2 * Long.BYTES).putLong(offset).putLong(epoch).flip());
        crc.update(payload);
        return (int) crc.getValue();
    }
}
