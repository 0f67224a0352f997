package io.quire.tck.wal;

import io.quire.spi.wal.MetadataWal;
import io.quire.spi.wal.WalClosedException;
import io.quire.spi.wal.WalOffsetOutOfRangeException;
import io.quire.spi.wal.WalRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32;

/**
 * An honest WAL, as simple as one can be, against which the kit proves that its rules pass: one
 * file of framed records ({@code int length, int crc32, long epoch, payload}, the CRC covering
 * epoch and payload), each append written and forced under one lock before its future completes,
 * and a scan on open that cuts the file at the first torn or corrupt frame. No group commit, no
 * prefix deletion; slow, but it keeps every promise it makes.
 */
final class SimpleFileWal implements MetadataWal {

    /** Forces the file: the seam through which the self-test makes a force fail. */
    @FunctionalInterface
    interface Force {
        void force(FileChannel channel) throws IOException;
    }

    /**
     * fdatasync: it also persists the file's size, which is all the metadata reading the records
     * back needs, after an append as after a truncation.
     */
    static final Force FDATASYNC = channel -> channel.force(false);

    static final String FILE_NAME = "simple.wal";

    private static final int HEADER_BYTES = 16;
    private static final int MAX_PAYLOAD_BYTES = 16 << 20;

    private final Path file;
    private final FileChannel channel;
    private final Force force;
    private final List<Long> positions = new ArrayList<>();
    private final List<Long> epochs = new ArrayList<>();
    private long size;
    private IOException failure;
    private boolean closed;

    private SimpleFileWal(Path file, FileChannel channel, Force force) {
        this.file = file;
        this.channel = channel;
        this.force = force;
    }

    /** Opens the WAL in {@code dir}, cutting a torn or corrupt tail. */
    static SimpleFileWal open(Path dir, Force force) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            SimpleFileWal wal = new SimpleFileWal(file, channel, force);
            wal.recover();
            return wal;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public synchronized CompletableFuture<Long> append(long epoch, byte[] payload) {
        if (closed) {
            return CompletableFuture.failedFuture(new WalClosedException("WAL " + file + " is closed"));
        }
        if (failure != null) {
            return CompletableFuture.failedFuture(
                    new IOException("an earlier write or force failed; reopen the WAL to recover", failure));
        }
        if (epoch < 0 || epoch < lastEpoch()) {
            return CompletableFuture.failedFuture(
                    new IllegalArgumentException("epoch " + epoch + " is older than " + lastEpoch()));
        }
        if (payload.length > MAX_PAYLOAD_BYTES) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("payload of " + payload.length
                    + " bytes exceeds " + MAX_PAYLOAD_BYTES));
        }
        try {
            ByteBuffer frame = frame(epoch, payload);
            long end = size;
            while (frame.hasRemaining()) {
                end += channel.write(frame, end);
            }
            force.force(channel);
            positions.add(size);
            epochs.add(epoch);
            size = end;
            return CompletableFuture.completedFuture(positions.size() - 1L);
        } catch (IOException e) {
            failure = e;
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public synchronized List<WalRecord> read(long fromOffset, int maxRecords) throws IOException {
        checkInRange(fromOffset);
        int end = (int) Math.min(positions.size(), fromOffset + maxRecords);
        List<WalRecord> records = new ArrayList<>();
        for (int offset = (int) fromOffset; offset < end; offset++) {
            records.add(readAt(offset));
        }
        return records;
    }

    @Override
    public synchronized long startOffset() {
        ensureOpen();
        return 0;
    }

    @Override
    public synchronized long endOffset() {
        ensureOpen();
        return positions.size();
    }

    @Override
    public synchronized long lastEpoch() {
        ensureOpen();
        return epochs.isEmpty() ? -1 : epochs.get(epochs.size() - 1);
    }

    @Override
    public synchronized void truncateSuffix(long fromOffset) throws IOException {
        checkInRange(fromOffset);
        if (fromOffset == positions.size()) {
            return;
        }
        long cut = positions.get((int) fromOffset);
        channel.truncate(cut);
        force.force(channel);
        positions.subList((int) fromOffset, positions.size()).clear();
        epochs.subList((int) fromOffset, epochs.size()).clear();
        size = cut;
    }

    @Override
    public synchronized void deletePrefix(long beforeOffset) {
        ensureOpen();
        throw new UnsupportedOperationException("the simple WAL keeps its whole log");
    }

    @Override
    public synchronized Set<Capability> capabilities() {
        ensureOpen();
        return EnumSet.of(Capability.SUFFIX_TRUNCATION);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing " + file + " failed", e);
        }
    }

    /** Indexes the intact frames from the start and cuts the file at the first one that is not. */
    private void recover() throws IOException {
        long fileSize = channel.size();
        while (fileSize - size >= HEADER_BYTES) {
            ByteBuffer header = readFully(size, HEADER_BYTES);
            int length = header.getInt();
            int crc = header.getInt();
            long epoch = header.getLong();
            if (length < 0 || length > MAX_PAYLOAD_BYTES || length > fileSize - size - HEADER_BYTES) {
                break;
            }
            byte[] payload = readFully(size + HEADER_BYTES, length).array();
            if (crc != crc(epoch, payload)) {
                break;
            }
            positions.add(size);
            epochs.add(epoch);
            size += HEADER_BYTES + length;
        }
        if (size < fileSize) {
            channel.truncate(size);
            force.force(channel);
        }
    }

    private WalRecord readAt(int offset) throws IOException {
        ByteBuffer header = readFully(positions.get(offset), HEADER_BYTES);
        int length = header.getInt();
        header.getInt();
        long epoch = header.getLong();
        return new WalRecord(epoch, offset, readFully(positions.get(offset) + HEADER_BYTES, length).array());
    }

    private ByteBuffer readFully(long position, int bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(bytes);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException(file + " ends inside a record at position " + position);
            }
        }
        return buffer.flip();
    }

    private static ByteBuffer frame(long epoch, byte[] payload) {
        return ByteBuffer.allocate(HEADER_BYTES + payload.length)
                .putInt(payload.length)
                .putInt(crc(epoch, payload))
                .putLong(epoch)
                .put(payload)
                .flip();
    }

    private static int crc(long epoch, byte[] payload) {
        CRC32 crc = new CRC32();
        crc.update(ByteBuffer.allocate(Long.BYTES).putLong(epoch).flip());
        crc.update(payload);
        return (int) crc.getValue();
    }

    private void checkInRange(long offset) {
        ensureOpen();
        if (offset < 0 || offset > positions.size()) {
            throw new WalOffsetOutOfRangeException(offset, 0, positions.size());
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new WalClosedException("WAL " + file + " is closed");
        }
    }
}
