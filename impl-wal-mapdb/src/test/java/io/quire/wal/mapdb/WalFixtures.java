package io.quire.wal.mapdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.spi.wal.MetadataWal;
import io.quire.spi.wal.WalRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

/** Shared helpers of the WAL tests. */
final class WalFixtures {

    /** The default of the provider's max-record-bytes. */
    static final int MAX_RECORD_BYTES = MapDbWalProvider.MAX_RECORD_BYTES.defaultValue();

    private WalFixtures() {}

    static MapDbWal open(Path dir) throws IOException {
        return MapDbWal.open(dir, MAX_RECORD_BYTES);
    }

    static Path storeFile(Path dir) {
        return dir.resolve(MapDbWal.STORE_FILE);
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

    /** Random bytes, so that each record's payload occurs once in the store file. */
    static byte[] uniquePayload(int seed, int size) {
        byte[] payload = new byte[size];
        new Random(seed).nextBytes(payload);
        return payload;
    }

    /** Flips a byte in the middle of {@code payload}, which the store file holds once. */
    static void flipPayloadByte(Path storeFile, byte[] payload) throws IOException {
        byte[] file = Files.readAllBytes(storeFile);
        int position = indexOf(file, payload);
        assertThat(position).as("a record's payload in the store file").isNotNegative();
        int flipped = position + payload.length / 2;
        overwrite(storeFile, flipped, new byte[] {(byte) (file[flipped] ^ 0x5A)});
    }

    static void overwrite(Path file, long position, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(bytes), position);
        }
    }

    /** Where {@code needle} first occurs in {@code haystack}, or -1. */
    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static List<WalRecord> readAll(MetadataWal wal) throws IOException {
        return wal.read(wal.startOffset(), Integer.MAX_VALUE);
    }

    static void assertOffsets(List<WalRecord> records, long first, long endExclusive) {
        assertThat(records).extracting(WalRecord::offset)
                .containsExactlyElementsOf(LongStream.range(first, endExclusive).boxed().toList());
    }
}
