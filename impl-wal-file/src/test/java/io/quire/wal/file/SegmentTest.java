package io.quire.wal.file;

import static io.quire.wal.file.WalFixtures.appendDurably;
import static io.quire.wal.file.WalFixtures.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quire.spi.wal.WalOffsetOutOfRangeException;
import io.quire.spi.wal.WalRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Segment rolling, suffix truncation and prefix deletion, each across a reopen. */
class SegmentTest {

    // 1000-byte payloads make 1024-byte frames: four fill a 4096-byte segment exactly.
    private static final int PAYLOAD_BYTES = 1000;

    @TempDir
    Path dir;

    @Test
    void segmentsRollAtTheSegmentSizeAndReadsCrossThem() throws Exception {
        try (FileWal wal = open()) {
            append(wal, 0, 10, 1);

            assertThat(segmentNames()).containsExactly(
                    "00000000000000000000.wal", "00000000000000000004.wal", "00000000000000000008.wal");
            assertThat(Files.size(dir.resolve("00000000000000000000.wal"))).isEqualTo(4096);
            assertPayloads(wal.read(2, 100), 2, 10);
        }
        try (FileWal wal = open()) {
            assertThat(wal.endOffset()).isEqualTo(10);
            assertPayloads(wal.read(0, 100), 0, 10);
        }
    }

    @Test
    void recordLargerThanASegmentGetsASegmentOfItsOwn() throws Exception {
        try (FileWal wal = open()) {
            appendDurably(wal, 1, payload(10, 0));
            appendDurably(wal, 1, payload(6000, 1));
            appendDurably(wal, 1, payload(10, 2));

            assertThat(segmentNames()).containsExactly(
                    "00000000000000000000.wal", "00000000000000000001.wal", "00000000000000000002.wal");
            assertThat(wal.read(1, 1).get(0).payload()).isEqualTo(payload(6000, 1));
        }
    }

    @Test
    void truncateSuffixRemovesRecordsDurablyAndTheNextAppendTakesTheCutOffset() throws Exception {
        try (FileWal wal = open()) {
            append(wal, 0, 3, 1);
            append(wal, 3, 10, 2);

            wal.truncateSuffix(3);

            assertThat(wal.endOffset()).isEqualTo(3);
            assertThat(wal.lastEpoch()).isEqualTo(1);
            assertThat(segmentNames()).containsExactly("00000000000000000000.wal");
            assertThatThrownBy(() -> wal.read(4, 1)).isInstanceOf(WalOffsetOutOfRangeException.class);
            assertThat(appendDurably(wal, 3, payload(PAYLOAD_BYTES, 103))).isEqualTo(3);
        }
        try (FileWal wal = open()) {
            assertThat(wal.endOffset()).isEqualTo(4);
            assertThat(wal.lastEpoch()).isEqualTo(3);
            List<WalRecord> records = wal.read(0, 10);
            assertThat(records).extracting(WalRecord::epoch).containsExactly(1L, 1L, 1L, 3L);
            assertThat(records.get(3).payload()).isEqualTo(payload(PAYLOAD_BYTES, 103));
        }
    }

    @Test
    void truncateSuffixAtASegmentBoundaryAndToTheStart() throws Exception {
        try (FileWal wal = open()) {
            append(wal, 0, 10, 1);

            wal.truncateSuffix(4);
            assertThat(wal.endOffset()).isEqualTo(4);
            assertThat(segmentNames()).containsExactly("00000000000000000000.wal", "00000000000000000004.wal");

            wal.truncateSuffix(0);
            assertThat(wal.endOffset()).isZero();
            assertThat(wal.lastEpoch()).isEqualTo(-1);
            wal.truncateSuffix(0);
            assertThatThrownBy(() -> wal.truncateSuffix(1)).isInstanceOf(WalOffsetOutOfRangeException.class);
        }
        try (FileWal wal = open()) {
            assertThat(wal.endOffset()).isZero();
            assertThat(appendDurably(wal, 1, payload(PAYLOAD_BYTES, 0))).isZero();
        }
    }

    @Test
    void deletePrefixDropsWholeSegmentsBelowThePointAndSurvivesReopen() throws Exception {
        try (FileWal wal = open()) {
            append(wal, 0, 10, 1);

            wal.deletePrefix(6);

            assertThat(wal.startOffset()).isEqualTo(4);
            assertThat(segmentNames()).containsExactly("00000000000000000004.wal", "00000000000000000008.wal");
            assertThatThrownBy(() -> wal.read(3, 1)).isInstanceOf(WalOffsetOutOfRangeException.class);
            assertPayloads(wal.read(4, 100), 4, 10);
        }
        try (FileWal wal = open()) {
            assertThat(wal.startOffset()).isEqualTo(4);
            assertThat(wal.endOffset()).isEqualTo(10);
            assertThat(wal.lastEpoch()).isEqualTo(1);
            assertPayloads(WalFixtures.readAll(wal), 4, 10);
        }
    }

    @Test
    void deletePrefixAtTheEndKeepsTheActiveSegment() throws Exception {
        try (FileWal wal = open()) {
            append(wal, 0, 10, 3);

            wal.deletePrefix(10);

            assertThat(wal.startOffset()).isEqualTo(8);
            assertThat(segmentNames()).containsExactly("00000000000000000008.wal");
        }
        try (FileWal wal = open()) {
            assertThat(wal.startOffset()).isEqualTo(8);
            assertThat(wal.endOffset()).isEqualTo(10);
            assertThat(wal.lastEpoch()).isEqualTo(3);
        }
    }

    @Test
    void deletePrefixBeyondTheEndRestartsTheLogThere() throws Exception {
        try (FileWal wal = open()) {
            append(wal, 0, 5, 1);

            wal.deletePrefix(42);

            assertThat(wal.startOffset()).isEqualTo(42);
            assertThat(wal.endOffset()).isEqualTo(42);
            assertThat(wal.lastEpoch()).isEqualTo(-1);
            assertThat(segmentNames()).containsExactly("00000000000000000042.wal");
            assertThat(appendDurably(wal, 2, payload(PAYLOAD_BYTES, 42))).isEqualTo(42);
        }
        try (FileWal wal = open()) {
            assertThat(wal.startOffset()).isEqualTo(42);
            assertThat(wal.endOffset()).isEqualTo(43);
            assertPayloads(WalFixtures.readAll(wal), 42, 43);
        }
    }

    private FileWal open() throws IOException {
        return FileWal.open(dir, WalFixtures.SMALL_SEGMENTS);
    }

    /** Appends records {@code from} until {@code to}, each payload seeded by its offset. */
    private static void append(FileWal wal, int from, int to, long epoch) throws Exception {
        for (int i = from; i < to; i++) {
            assertThat(appendDurably(wal, epoch, payload(PAYLOAD_BYTES, i))).isEqualTo(i);
        }
    }

    private static void assertPayloads(List<WalRecord> records, long from, long to) {
        WalFixtures.assertOffsets(records, from, to);
        for (WalRecord record : records) {
            assertThat(record.payload()).isEqualTo(payload(PAYLOAD_BYTES, (int) record.offset()));
        }
    }

    private List<String> segmentNames() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }
}
