package io.quire.wal.file;

import static io.quire.wal.file.WalFixtures.appendDurably;
import static io.quire.wal.file.WalFixtures.flipByte;
import static io.quire.wal.file.WalFixtures.payload;
import static io.quire.wal.file.WalFixtures.truncate;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.quire.spi.wal.WalRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecoveryTest {

    private static final int PAYLOAD_BYTES = 100;
    private static final int FRAME_BYTES = RecordFraming.HEADER_BYTES + PAYLOAD_BYTES;
    private static final int RECORDS = 10;
    private static final String FIRST_SEGMENT = "00000000000000000000.wal";

    @TempDir
    Path dir;

    @Test
    void tornTailIsCutAndTheWalAppendsAgainAtTheCut() throws Exception {
        writeRecords(WalFixtures.DEFAULT_LIMITS, PAYLOAD_BYTES);
        truncate(dir.resolve(FIRST_SEGMENT), RECORDS * FRAME_BYTES - 50);

        assertRecoveryCutAt(9, FIRST_SEGMENT, 9L * FRAME_BYTES, "torn record: length 100 but only 50 bytes follow");
    }

    @Test
    void tornHeaderIsCut() throws Exception {
        writeRecords(WalFixtures.DEFAULT_LIMITS, PAYLOAD_BYTES);
        truncate(dir.resolve(FIRST_SEGMENT), 9L * FRAME_BYTES + 10);

        assertRecoveryCutAt(9, FIRST_SEGMENT, 9L * FRAME_BYTES, "torn header: 10 of 24 bytes");
    }

    @Test
    void flippedPayloadByteInTheLastRecordIsCut() throws Exception {
        writeRecords(WalFixtures.DEFAULT_LIMITS, PAYLOAD_BYTES);
        flipByte(dir.resolve(FIRST_SEGMENT), RECORDS * FRAME_BYTES - 10);

        assertRecoveryCutAt(9, FIRST_SEGMENT, 9L * FRAME_BYTES, "CRC mismatch");
    }

    @Test
    void garbageLengthFieldIsCut() throws Exception {
        writeRecords(WalFixtures.DEFAULT_LIMITS, PAYLOAD_BYTES);
        overwrite(FIRST_SEGMENT, 9L * FRAME_BYTES, ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).flip());

        assertRecoveryCutAt(9, FIRST_SEGMENT, 9L * FRAME_BYTES, "length 2147483647 outside [0, 16777216]");
    }

    @Test
    void intactRecordWithAnUnexpectedOffsetIsCut() throws Exception {
        writeRecords(WalFixtures.DEFAULT_LIMITS, PAYLOAD_BYTES);
        Path segment = dir.resolve(FIRST_SEGMENT);
        byte[] recordEight = new byte[FRAME_BYTES];
        System.arraycopy(Files.readAllBytes(segment), 8 * FRAME_BYTES, recordEight, 0, FRAME_BYTES);
        Files.write(segment, recordEight, StandardOpenOption.APPEND);

        assertRecoveryCutAt(10, FIRST_SEGMENT, 10L * FRAME_BYTES, "record holds offset 8 where 10 was expected");
    }

    @Test
    void corruptFirstRecordLeavesAnEmptyLog() throws Exception {
        writeRecords(WalFixtures.DEFAULT_LIMITS, PAYLOAD_BYTES);
        flipByte(dir.resolve(FIRST_SEGMENT), 30);

        try (LogCapture log = new LogCapture(WalRecovery.class); FileWal wal = WalFixtures.open(dir)) {
            assertThat(wal.startOffset()).isZero();
            assertThat(wal.endOffset()).isZero();
            assertThat(wal.lastEpoch()).isEqualTo(-1);
            assertThat(log.messages(Level.WARN)).singleElement().asString().contains("at offset 0", "CRC mismatch");
        }
        assertThat(dir.resolve(FIRST_SEGMENT)).isEmptyFile();
    }

    @Test
    void corruptionInAMiddleSegmentDeletesTheLaterSegments() throws Exception {
        writeRecords(WalFixtures.SMALL_SEGMENTS, 1000);
        assertThat(segmentNames()).containsExactly(FIRST_SEGMENT, "00000000000000000004.wal", "00000000000000000008.wal");
        flipByte(dir.resolve("00000000000000000004.wal"), 1024 + 100);

        try (LogCapture log = new LogCapture(WalRecovery.class);
                FileWal wal = FileWal.open(dir, WalFixtures.SMALL_SEGMENTS)) {
            assertThat(wal.endOffset()).isEqualTo(5);
            WalFixtures.assertOffsets(WalFixtures.readAll(wal), 0, 5);
            assertThat(log.messages(Level.WARN)).containsExactly(
                    "Metadata WAL recovery: cut torn or corrupt tail at offset 5"
                            + " (file 00000000000000000004.wal, position 1024): CRC mismatch",
                    "Metadata WAL recovery: deleted segment file 00000000000000000008.wal beyond the cut at offset 5");
        }
        assertThat(segmentNames()).containsExactly(FIRST_SEGMENT, "00000000000000000004.wal");
    }

    @Test
    void segmentFileThatDoesNotContinueThePreviousOneIsCut() throws Exception {
        writeRecords(WalFixtures.SMALL_SEGMENTS, 1000);
        Files.delete(dir.resolve("00000000000000000004.wal"));

        try (LogCapture log = new LogCapture(WalRecovery.class);
                FileWal wal = FileWal.open(dir, WalFixtures.SMALL_SEGMENTS)) {
            assertThat(wal.endOffset()).isEqualTo(4);
            assertThat(log.messages(Level.WARN)).first().asString().isEqualTo(
                    "Metadata WAL recovery: cut torn or corrupt tail at offset 4 (file 00000000000000000008.wal,"
                            + " position 0): segment file starts at offset 8 but offset 4 was expected");
            assertThat(appendDurably(wal, 2, payload(1000, 4))).isEqualTo(4);
        }
        assertThat(segmentNames()).containsExactly(FIRST_SEGMENT, "00000000000000000004.wal");
    }

    @Test
    void openLogsTheDirectoryAndOffsetRange() throws Exception {
        writeRecords(WalFixtures.DEFAULT_LIMITS, PAYLOAD_BYTES);

        try (LogCapture log = new LogCapture(FileWal.class)) {
            WalFixtures.open(dir).close();

            assertThat(log.messages(Level.INFO)).first().asString()
                    .contains("Metadata WAL opened in " + dir, "offsets [0, 10)", "last epoch 1");
        }
    }

    /** Reopens, expecting the cut at {@code offset}, then checks the WAL works on from there. */
    private void assertRecoveryCutAt(long offset, String file, long position, String reason) throws Exception {
        try (LogCapture log = new LogCapture(WalRecovery.class); FileWal wal = WalFixtures.open(dir)) {
            assertThat(wal.endOffset()).isEqualTo(offset);
            List<WalRecord> kept = WalFixtures.readAll(wal);
            WalFixtures.assertOffsets(kept, 0, offset);
            for (WalRecord record : kept) {
                assertThat(record.payload()).isEqualTo(payload(PAYLOAD_BYTES, (int) record.offset()));
            }
            assertThat(log.messages(Level.WARN)).singleElement().asString().startsWith(
                    "Metadata WAL recovery: cut torn or corrupt tail at offset " + offset
                            + " (file " + file + ", position " + position + "): " + reason);
            assertThat(appendDurably(wal, 2, payload(PAYLOAD_BYTES, (int) offset))).isEqualTo(offset);
        }
        try (LogCapture log = new LogCapture(WalRecovery.class); FileWal wal = WalFixtures.open(dir)) {
            assertThat(wal.endOffset()).isEqualTo(offset + 1);
            assertThat(wal.lastEpoch()).isEqualTo(2);
            assertThat(log.messages(Level.WARN)).isEmpty();
        }
    }

    private void writeRecords(WalLimits limits, int payloadBytes) throws Exception {
        try (FileWal wal = FileWal.open(dir, limits)) {
            for (int i = 0; i < RECORDS; i++) {
                appendDurably(wal, 1, payload(payloadBytes, i));
            }
        }
    }

    private List<String> segmentNames() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    private void overwrite(String name, long position, ByteBuffer bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(dir.resolve(name), StandardOpenOption.WRITE)) {
            channel.write(bytes, position);
        }
    }
}
