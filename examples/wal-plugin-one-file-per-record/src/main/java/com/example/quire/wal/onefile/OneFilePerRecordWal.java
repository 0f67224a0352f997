package com.example.quire.wal.onefile;

import io.quire.spi.wal.MetadataWal;
import io.quire.spi.wal.WalClosedException;
import io.quire.spi.wal.WalOffsetOutOfRangeException;
import io.quire.spi.wal.WalRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * A metadata WAL that keeps every record in its own file, {@code <offset>.rec}, holding the
 * epoch, a CRC32C and the payload. An append writes a temporary file, forces it, renames it into
 * place and forces the directory, so a record file either exists whole or not at all.
 *
 * <p>Simple rather than fast: appends are serialized and each pays its own fsyncs (no group
 * commit). Opening the WAL checks every file and cuts the log at the first one that is missing,
 * torn or corrupt.
 */
final class OneFilePerRecordWal implements MetadataWal {

    private static final Logger LOG = Logger.getLogger(OneFilePerRecordWal.class.getName());
    private static final String SUFFIX = ".rec";
    /** Where the log starts when no record file says so (after a prefix deletion past the end). */
    private static final String START_FILE = "start";
    private static final int HEADER_BYTES = Long.BYTES + Integer.BYTES;

    private final Path dir;
    private volatile long startOffset;
    private volatile long endOffset;
    private volatile long lastEpoch;
    private volatile boolean closed;

    private OneFilePerRecordWal(Path dir, long startOffset, long endOffset, long lastEpoch) {
        this.dir = dir;
        this.startOffset = startOffset;
        this.endOffset = endOffset;
        this.lastEpoch = lastEpoch;
    }

    static OneFilePerRecordWal open(Path dir) throws IOException {
        Files.createDirectories(dir);
        deleteUnfinishedAppends(dir);
        long start = Files.exists(dir.resolve(START_FILE))
                ? Long.parseLong(Files.readString(dir.resolve(START_FILE)).trim())
                : 0;
        List<Long> offsets = recordOffsets(dir);
        if (!offsets.isEmpty() && offsets.get(0) > start) {
            start = offsets.get(0);
        }
        long end = start;
        long epoch = -1;
        for (long offset : offsets) {
            if (offset < start) {
                Files.delete(file(dir, offset));
                continue;
            }
            WalRecord record = offset == end ? readValid(dir, offset) : null;
            if (record == null) {
                LOG.warning("Metadata WAL recovery: cut the log at offset " + end + " (record file "
                        + file(dir, offset).getFileName() + " is torn, corrupt or out of order)");
                deleteFrom(dir, offsets, offset);
                break;
            }
            end = offset + 1;
            epoch = record.epoch();
        }
        return new OneFilePerRecordWal(dir, start, end, epoch);
    }

    @Override
    public synchronized CompletableFuture<Long> append(long epoch, byte[] payload) {
        if (closed) {
            return CompletableFuture.failedFuture(new WalClosedException("the WAL is closed"));
        }
        if (epoch < 0 || epoch < lastEpoch) {
            return CompletableFuture.failedFuture(
                    new IllegalArgumentException("epoch " + epoch + " is older than " + lastEpoch));
        }
        long offset = endOffset;
        try {
            Path temporary = dir.resolve(offset + SUFFIX + ".tmp");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ByteBuffer record = encode(epoch, payload);
                // A write may take only part of the buffer (a full disk does that before it fails).
                while (record.hasRemaining()) {
                    channel.write(record);
                }
                channel.force(true);
            }
            Files.move(temporary, file(dir, offset), StandardCopyOption.ATOMIC_MOVE);
            forceDirectory(dir);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        lastEpoch = epoch;
        endOffset = offset + 1;
        return CompletableFuture.completedFuture(offset);
    }

    @Override
    public List<WalRecord> read(long fromOffset, int maxRecords) throws IOException {
        ensureOpen();
        long start = startOffset;
        long end = endOffset;
        if (fromOffset < start || fromOffset > end) {
            throw new WalOffsetOutOfRangeException(fromOffset, start, end);
        }
        List<WalRecord> records = new ArrayList<>();
        for (long offset = fromOffset; offset < end && records.size() < maxRecords; offset++) {
            WalRecord record = readValid(dir, offset);
            if (record == null) {
                throw new IOException("record file " + file(dir, offset) + " is missing or corrupt");
            }
            records.add(record);
        }
        return records;
    }

    @Override
    public long startOffset() {
        ensureOpen();
        return startOffset;
    }

    @Override
    public long endOffset() {
        ensureOpen();
        return endOffset;
    }

    @Override
    public long lastEpoch() {
        ensureOpen();
        return lastEpoch;
    }

    @Override
    public synchronized void truncateSuffix(long fromOffset) throws IOException {
        ensureOpen();
        if (fromOffset < startOffset || fromOffset > endOffset) {
            throw new WalOffsetOutOfRangeException(fromOffset, startOffset, endOffset);
        }
        // Newest first, so a crash in between leaves a shorter but dense log.
        for (long offset = endOffset - 1; offset >= fromOffset; offset--) {
            Files.deleteIfExists(file(dir, offset));
        }
        forceDirectory(dir);
        endOffset = fromOffset;
        lastEpoch = fromOffset > startOffset ? readValid(dir, fromOffset - 1).epoch() : -1;
    }

    @Override
    public synchronized void deletePrefix(long beforeOffset) throws IOException {
        ensureOpen();
        long newStart = Math.max(startOffset, beforeOffset);
        writeStart(newStart);
        // Oldest first, so a crash in between leaves a shorter but dense log.
        for (long offset = startOffset; offset < Math.min(newStart, endOffset); offset++) {
            Files.deleteIfExists(file(dir, offset));
        }
        forceDirectory(dir);
        if (newStart >= endOffset) {
            endOffset = newStart;
            lastEpoch = -1;
        }
        startOffset = newStart;
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.allOf(Capability.class);
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    private void writeStart(long offset) throws IOException {
        Path temporary = dir.resolve(START_FILE + ".tmp");
        Files.writeString(temporary, Long.toString(offset));
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temporary, dir.resolve(START_FILE), StandardCopyOption.ATOMIC_MOVE);
    }

    private void ensureOpen() {
        if (closed) {
            throw new WalClosedException("the WAL is closed");
        }
    }

    private static ByteBuffer encode(long epoch, byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return ByteBuffer.allocate(HEADER_BYTES + payload.length)
                .putLong(epoch)
                .putInt((int) crc.getValue())
                .put(payload)
                .flip();
    }

    /** The record at {@code offset}, or null when its file is missing, torn or corrupt. */
    private static WalRecord readValid(Path dir, long offset) throws IOException {
        Path file = file(dir, offset);
        if (!Files.exists(file)) {
            return null;
        }
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
        if (bytes.remaining() < HEADER_BYTES) {
            return null;
        }
        long epoch = bytes.getLong();
        int expectedCrc = bytes.getInt();
        byte[] payload = new byte[bytes.remaining()];
        bytes.get(payload);
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return (int) crc.getValue() == expectedCrc && epoch >= 0 ? new WalRecord(epoch, offset, payload) : null;
    }

    private static List<Long> recordOffsets(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(SUFFIX) && name.length() > SUFFIX.length())
                    .map(name -> name.substring(0, name.length() - SUFFIX.length()))
                    .filter(digits -> digits.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .sorted()
                    .toList();
        }
    }

    /** Temporary files of appends that crashed before their rename: never acknowledged. */
    private static void deleteUnfinishedAppends(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path temporary : files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()) {
                Files.delete(temporary);
            }
        }
    }

    private static void deleteFrom(Path dir, List<Long> offsets, long first) throws IOException {
        for (int i = offsets.size() - 1; i >= 0 && offsets.get(i) >= first; i--) {
            Files.delete(file(dir, offsets.get(i)));
        }
        forceDirectory(dir);
    }

    private static Path file(Path dir, long offset) {
        return dir.resolve(offset + SUFFIX);
    }

    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
