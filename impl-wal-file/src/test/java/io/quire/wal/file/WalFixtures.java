package io.quire.wal.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.spi.wal.MetadataWal;
import io.quire.spi.wal.WalRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

/** Shared helpers of the WAL tests. */
final class WalFixtures {

    /** The defaults of the provider's keys. */
    static final WalLimits DEFAULT_LIMITS = new WalLimits(
            FileWalProvider.SEGMENT_BYTES.defaultValue(), FileWalProvider.MAX_RECORD_BYTES.defaultValue(),
            FileWalProvider.FSYNC_INTERVAL_MS.defaultValue());

    /** Small segments, so that a handful of records spans several files. */
    static final WalLimits SMALL_SEGMENTS = new WalLimits(4096, 1 << 20, 0);

    private WalFixtures() {}

    static FileWal open(Path dir) throws IOException {
        return FileWal.open(dir, DEFAULT_LIMITS);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(WalRecord record) {
        return new String(record.payload(), StandardCharsets.UTF_8);
    }

    /** Appends and waits until the record is durable; returns its offset. */
    static long appendDurably(MetadataWal wal, long epoch, byte[] payload) throws Exception {
        return wal.append(epoch, payload).get(10, TimeUnit.SECONDS);
    }

    /** Appends "record-0" .. "record-(n-1)" in {@code epoch}. */
    static void appendRecords(MetadataWal wal, long epoch, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            appendDurably(wal, epoch, bytes("record-" + i));
        }
    }

    /** A payload of {@code size} bytes whose content depends on {@code seed}. */
    static byte[] payload(int size, int seed) {
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = (byte) (seed * 31 + i);
        }
        return payload;
    }

    static List<WalRecord> readAll(MetadataWal wal) throws IOException {
        return wal.read(wal.startOffset(), Integer.MAX_VALUE);
    }

    /** Cuts {@code file} to {@code size} bytes, as a torn write leaves it. */
    static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    /** Changes the byte at {@code position} of {@code file}, as a bad sector would. */
    static void flipByte(Path file, long position) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, position);
            one.put(0, (byte) (one.get(0) ^ 0x5A)).rewind();
            channel.write(one, position);
        }
    }

    static void assertOffsets(List<WalRecord> records, long first, long endExclusive) {
        assertThat(records).extracting(WalRecord::offset)
                .containsExactlyElementsOf(LongStream.range(first, endExclusive).boxed().toList());
    }
}
