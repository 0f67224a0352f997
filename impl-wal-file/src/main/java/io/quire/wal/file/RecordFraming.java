package io.quire.wal.file;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The on-disk frame of one record: a 24-byte header, then the payload.
 *
 * <pre>
 *   int32  length    payload bytes (what follows the header)
 *   int32  crc       CRC32C over epoch, offset and payload
 *   int64  epoch
 *   int64  offset
 *   byte[] payload
 * </pre>
 *
 * All integers are big-endian. The offset is stored in the frame, not only implied by position,
 * so that recovery can tell a stale frame from the expected next one.
 */
final class RecordFraming {

    /** Bytes before the payload. */
    static final int HEADER_BYTES = 24;

    private RecordFraming() {}

    /** The header of a record, ready to be written in front of its payload. */
    static ByteBuffer encodeHeader(long epoch, long offset, byte[] payload) {
        return ByteBuffer.allocate(HEADER_BYTES)
                .putInt(payload.length)
                .putInt(checksum(epoch, offset, payload))
                .putLong(epoch)
                .putLong(offset)
                .flip();
    }

    /** Reads a header from the next {@link #HEADER_BYTES} bytes of {@code buffer}. */
    static Header decodeHeader(ByteBuffer buffer) {
        return new Header(buffer.getInt(), buffer.getInt(), buffer.getLong(), buffer.getLong());
    }

    /** The size of a whole frame carrying {@code payloadLength} bytes. */
    static long frameBytes(int payloadLength) {
        return HEADER_BYTES + (long) payloadLength;
    }

    static int checksum(long epoch, long offset, byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(2 * Long.BYTES).putLong(epoch).putLong(offset).flip());
        crc.update(payload);
        return (int) crc.getValue();
    }

    /** A decoded header; nothing in it is trusted until {@link #matches} has checked the payload. */
    record Header(int payloadLength, int checksum, long epoch, long offset) {

        boolean lengthWithin(int maxRecordBytes) {
            return payloadLength >= 0 && payloadLength <= maxRecordBytes;
        }

        boolean matches(byte[] payload) {
            return checksum == RecordFraming.checksum(epoch, offset, payload);
        }
    }
}
