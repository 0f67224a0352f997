package io.quire.wal.file;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;

/**
 * Reads the frames of one segment file in order from its start, and describes the first one that
 * is torn or corrupt instead of returning it. Used by recovery only.
 */
final class FrameScanner {

    /** What the bytes at the scanner's position hold. */
    sealed interface Result permits Frame, Damage {}

    /** An intact frame (its CRC matched). */
    record Frame(long epoch, long offset) implements Result {}

    /** Bytes that are not an intact frame, and why. */
    record Damage(String reason) implements Result {}

    // Sequential buffered reads: one system call per 64 KiB instead of two per record.
    private static final int READ_BUFFER_BYTES = 1 << 16;

    private final DataInputStream in;
    private final long fileSize;
    private final int maxRecordBytes;
    private long position;

    /** Scans {@code channel} from position 0; the stream is never closed, as that would close the channel. */
    FrameScanner(FileChannel channel, int maxRecordBytes) throws IOException {
        this.fileSize = channel.size();
        this.maxRecordBytes = maxRecordBytes;
        this.in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel.position(0)),
                READ_BUFFER_BYTES));
    }

    /** Where the next frame starts. */
    long position() {
        return position;
    }

    boolean hasNext() {
        return position < fileSize;
    }

    /** The frame at {@link #position()}, advancing past it, or the damage found there. */
    Result next() throws IOException {
        long remaining = fileSize - position;
        if (remaining < RecordFraming.HEADER_BYTES) {
            return new Damage("torn header: " + remaining + " of " + RecordFraming.HEADER_BYTES + " bytes");
        }
        byte[] headerBytes = new byte[RecordFraming.HEADER_BYTES];
        in.readFully(headerBytes);
        RecordFraming.Header header = RecordFraming.decodeHeader(ByteBuffer.wrap(headerBytes));
        int length = header.payloadLength();
        if (!header.lengthWithin(maxRecordBytes)) {
            return new Damage("length " + length + " outside [0, " + maxRecordBytes + "]");
        }
        long available = remaining - RecordFraming.HEADER_BYTES;
        if (length > available) {
            return new Damage("torn record: length " + length + " but only " + available
                    + " bytes follow the header");
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        if (!header.matches(payload)) {
            return new Damage("CRC mismatch");
        }
        position += RecordFraming.frameBytes(length);
        return new Frame(header.epoch(), header.offset());
    }
}
