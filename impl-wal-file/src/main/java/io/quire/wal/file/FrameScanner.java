package io.quire.wal.file;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.util.Optional;

/**
 * Reads the frames of one segment file in order from its start: each with its bytes, one whose CRC
 * does not match as a {@link Mismatch}, and bytes that are not a frame described instead of
 * returned. Used by recovery, which cuts at the first result that is not the expected frame, and by
 * the offline reader, which reports them all.
 */
final class FrameScanner {

    /** What the bytes at the scanner's position hold. */
    sealed interface Result permits Frame, Mismatch, Damage {

        /** Why this is not the intact record recovery expects at {@code expectedOffset}; empty when it is. */
        Optional<String> problemAt(long expectedOffset);
    }

    /** An intact frame (its CRC matched). */
    record Frame(long epoch, long offset, byte[] payload) implements Result {

        @Override
        public Optional<String> problemAt(long expectedOffset) {
            return offset == expectedOffset ? Optional.empty()
                    : Optional.of("record holds offset " + offset + " where " + expectedOffset + " was expected");
        }
    }

    /**
     * A frame whose length fits but whose CRC does not match: the scanner has stepped over it, as far
     * as its length says. Its fields are the stored bytes, not to be trusted.
     */
    record Mismatch(long epoch, long offset, byte[] payload) implements Result {

        @Override
        public Optional<String> problemAt(long expectedOffset) {
            return Optional.of("CRC mismatch");
        }
    }

    /** Bytes that are not a frame, and why; the scanner cannot tell where a next frame would start. */
    record Damage(String reason) implements Result {

        @Override
        public Optional<String> problemAt(long expectedOffset) {
            return Optional.of(reason);
        }
    }

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

    /**
     * The frame at {@link #position()}, advancing past it (also when its CRC does not match), or the
     * damage found there.
     */
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
        position += RecordFraming.frameBytes(length);
        if (!header.matches(payload)) {
            return new Mismatch(header.epoch(), header.offset(), payload);
        }
        return new Frame(header.epoch(), header.offset(), payload);
    }
}
