package io.quire.wal.file;

import static io.quire.wal.file.WalFixtures.appendDurably;
import static io.quire.wal.file.WalFixtures.flipByte;
import static io.quire.wal.file.WalFixtures.payload;
import static io.quire.wal.file.WalFixtures.truncate;
import static org.assertj.core.api.Assertions.assertThat;

import io.quire.spi.wal.WalRecord;
import io.quire.tck.wal.FileTree;
import io.quire.tck.wal.RecordedFindings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline reader reports every record and the damage recovery would cut, and changes no byte. */
class SegmentFilesReaderTest {

    private static final int PAYLOAD_BYTES = 1000;
    private static final int FRAME_BYTES = RecordFraming.HEADER_BYTES + PAYLOAD_BYTES;
    private static final int RECORDS = 10;

    @TempDir
    Path dir;

    @Test
    void everyRecordOfEverySegmentFileIsReportedIntact() throws Exception {
        List<WalRecord> written = writeRecords(WalFixtures.SMALL_SEGMENTS);
        FileTree before = FileTree.of(dir);

        RecordedFindings findings = read();

        assertThat(new SegmentDirectory(dir, ChannelFactory.DEFAULT).baseOffsets()).hasSizeGreaterThan(2);
        assertThat(findings.records()).extracting(RecordedFindings.Found::checksumMatches).containsOnly(true);
        assertThat(findings.intactRecords()).containsExactlyElementsOf(written);
        assertThat(findings.damages()).isEmpty();
        assertThat(FileTree.of(dir)).isEqualTo(before);
    }

    @Test
    void tornLastRecordIsReportedWhereRecoveryCutsAndLeftInPlace() throws Exception {
        List<WalRecord> written = writeRecords(WalFixtures.DEFAULT_LIMITS);
        truncate(segment(), (long) RECORDS * FRAME_BYTES - 10);
        FileTree before = FileTree.of(dir);

        RecordedFindings findings = read();

        assertThat(findings.intactRecords()).containsExactlyElementsOf(written.subList(0, RECORDS - 1));
        assertThat(findings.damages()).containsExactly(new RecordedFindings.Damage(RECORDS - 1,
                "file 00000000000000000000.wal, position " + (RECORDS - 1) * FRAME_BYTES,
                "torn record: length 1000 but only 990 bytes follow the header"));
        assertThat(FileTree.of(dir)).isEqualTo(before);
        assertRecoveryKeeps(RECORDS - 1);
    }

    @Test
    void flippedPayloadByteIsAMismatchAndTheRecordsAfterItAreStillReported() throws Exception {
        List<WalRecord> written = writeRecords(WalFixtures.DEFAULT_LIMITS);
        flipByte(segment(), 4L * FRAME_BYTES + RecordFraming.HEADER_BYTES + 7);
        FileTree before = FileTree.of(dir);

        RecordedFindings findings = read();

        assertThat(findings.records()).extracting(found -> found.record().offset())
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(findings.records().get(4).checksumMatches()).isFalse();
        List<WalRecord> intact = new ArrayList<>(written);
        intact.remove(4);
        assertThat(findings.intactRecords()).containsExactlyElementsOf(intact);
        assertThat(findings.damages()).containsExactly(new RecordedFindings.Damage(4,
                "file 00000000000000000000.wal, position " + 4 * FRAME_BYTES, "CRC mismatch"));
        assertThat(FileTree.of(dir)).isEqualTo(before);
        assertRecoveryKeeps(4);
    }

    @Test
    void directoryWithoutSegmentFilesHoldsNoRecords() throws Exception {
        RecordedFindings findings = read();

        assertThat(findings.records()).isEmpty();
        assertThat(findings.damages()).isEmpty();
    }

    private List<WalRecord> writeRecords(WalLimits limits) throws Exception {
        List<WalRecord> written = new ArrayList<>();
        try (FileWal wal = FileWal.open(dir, limits)) {
            for (int i = 0; i < RECORDS; i++) {
                byte[] payload = payload(PAYLOAD_BYTES, i);
                written.add(new WalRecord(1 + i / 4, appendDurably(wal, 1 + i / 4, payload), payload));
            }
        }
        return written;
    }

    private RecordedFindings read() throws Exception {
        RecordedFindings findings = new RecordedFindings();
        assertThat(new FileWalProvider().offlineReader().read(dir, findings)).isTrue();
        return findings;
    }

    private Path segment() {
        return dir.resolve(SegmentDirectory.fileName(0));
    }

    /** What the reader reported before its first damage is what recovery keeps. */
    private void assertRecoveryKeeps(long records) throws Exception {
        try (FileWal wal = WalFixtures.open(dir)) {
            assertThat(wal.endOffset()).isEqualTo(records);
        }
    }
}
