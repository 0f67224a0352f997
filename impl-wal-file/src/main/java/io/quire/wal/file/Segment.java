package io.quire.wal.file;

import io.quire.spi.wal.WalRecord;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One segment file: the frames of consecutive records from {@link #baseOffset()} on, and an
 * in-memory index of the position where each record starts.
 *
 * <p>Threading: only the log's mutating side (one thread at a time, under
 * {@link SegmentedLog}'s mutation lock) writes, truncates or changes the index; readers use
 * positional reads, which a {@link FileChannel} serves concurrently with writes. The index fields
 * are guarded by the log's index lock.
 */
final class Segment implements Closeable {

    private final long baseOffset;
    private final Path file;
    private final FileChannel channel;
    private long sizeBytes;
    private long[] positions = new long[64];
    private int recordCount;

    Segment(long baseOffset, Path file, FileChannel channel) throws IOException {
        this.baseOffset = baseOffset;
        this.file = file;
        this.channel = channel;
        this.sizeBytes = channel.size();
    }

    long baseOffset() {
        return baseOffset;
    }

    Path file() {
        return file;
    }

    /** Bytes written so far, durable or not. */
    long sizeBytes() {
        return sizeBytes;
    }

    /** One past the last indexed record. */
    long endOffset() {
        return baseOffset + recordCount;
    }

    /** Indexes the next record, which starts at {@code position}. */
    void addRecord(long position) {
        if (recordCount == positions.length) {
            positions = Arrays.copyOf(positions, positions.length * 2);
        }
        positions[recordCount++] = position;
    }

    /** Where the frame of an indexed record starts. */
    long positionOf(long offset) {
        return positions[Math.toIntExact(offset - baseOffset)];
    }

    /** Forgets the records at and above {@code offset}; the file is truncated separately. */
    void dropRecordsFrom(long offset) {
        recordCount = Math.toIntExact(offset - baseOffset);
    }

    /** Appends {@code frames} at the end of the file (not forced) and returns where they start. */
    long write(ByteBuffer[] frames) throws IOException {
        long start = sizeBytes;
        long total = 0;
        for (ByteBuffer frame : frames) {
            total += frame.remaining();
        }
        channel.position(start);
        int first = 0;
        while (first < frames.length) {
            channel.write(frames, first, frames.length - first);
            while (first < frames.length && !frames[first].hasRemaining()) {
                first++;
            }
        }
        sizeBytes = start + total;
        return start;
    }

    void force() throws IOException {
        channel.force(false);
    }

    /** Cuts the file at {@code position} and forces the new size to disk. */
    void truncateTo(long position) throws IOException {
        channel.truncate(position);
        // The size is file metadata: force it too.
        channel.force(true);
        sizeBytes = position;
    }

    /** Reads an indexed record, checking its CRC again: the file may have changed since recovery. */
    WalRecord read(long offset, int maxRecordBytes) throws IOException {
        long position = positionOf(offset);
        ByteBuffer headerBytes = ByteBuffer.allocate(RecordFraming.HEADER_BYTES);
        readFully(headerBytes, position);
        RecordFraming.Header header = RecordFraming.decodeHeader(headerBytes.flip());
        if (header.offset() != offset || !header.lengthWithin(maxRecordBytes)) {
            throw damaged(position, offset, "header holds offset " + header.offset() + " and length "
                    + header.payloadLength());
        }
        byte[] payload = new byte[header.payloadLength()];
        readFully(ByteBuffer.wrap(payload), position + RecordFraming.HEADER_BYTES);
        if (!header.matches(payload)) {
            throw damaged(position, offset, "CRC mismatch");
        }
        return new WalRecord(header.epoch(), offset, payload);
    }

    /** A scanner over the whole file, for recovery. */
    FrameScanner scanFrames(int maxRecordBytes) throws IOException {
        return new FrameScanner(channel, maxRecordBytes);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private void readFully(ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new EOFException("Metadata WAL file " + file + " ends at position " + at
                        + " inside a record it indexed");
            }
            at += read;
        }
    }

    private IOException damaged(long position, long offset, String problem) {
        return new IOException("Metadata WAL file " + file + " changed after recovery: record at offset "
                + offset + " (position " + position + "): " + problem);
    }

    @Override
    public String toString() {
        return file.getFileName().toString();
    }
}
