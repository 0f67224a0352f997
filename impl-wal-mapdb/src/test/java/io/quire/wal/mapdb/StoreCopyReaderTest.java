package io.quire.wal.mapdb;

import static io.quire.wal.mapdb.WalFixtures.appendDurably;
import static io.quire.wal.mapdb.WalFixtures.storeFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quire.spi.wal.WalRecord;
import io.quire.tck.wal.FileTree;
import io.quire.tck.wal.RecordedFindings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline reader reports every record and each corrupt one, from a copy: the store file and its
 * journal are never written, not even to replay a journal that a crash left.
 */
class StoreCopyReaderTest {

    private static final int RECORDS = 10;
    private static final int PAYLOAD_BYTES = 1000;

    @TempDir
    Path dir;

    @Test
    void everyRecordOfAClosedStoreIsReportedIntact() throws Exception {
        List<WalRecord> written = writeRecords();
        FileTree before = FileTree.of(dir);

        RecordedFindings findings = read();

        assertThat(findings.records()).extracting(RecordedFindings.Found::checksumMatches).containsOnly(true);
        assertThat(findings.intactRecords()).containsExactlyElementsOf(written);
        assertThat(findings.damages()).isEmpty();
        assertThat(FileTree.of(dir)).isEqualTo(before);
    }

    /** The store file as it was at open and the journal of every commit since: what a power loss leaves. */
    @Test
    void journalThatACrashLeftIsReplayedOntoTheCopyOnly() throws Exception {
        WalFixtures.open(dir).close();
        List<WalRecord> written = new ArrayList<>();
        byte[] storeAtOpen;
        byte[] journal;
        try (MapDbWal wal = WalFixtures.open(dir)) {
            storeAtOpen = Files.readAllBytes(storeFile(dir));
            for (int i = 0; i < RECORDS; i++) {
                byte[] payload = WalFixtures.uniquePayload(i, PAYLOAD_BYTES);
                written.add(new WalRecord(1, appendDurably(wal, 1, payload), payload));
            }
            journal = Files.readAllBytes(JournaledVolume.journalOf(storeFile(dir)));
        }
        Files.write(storeFile(dir), storeAtOpen);
        Files.write(JournaledVolume.journalOf(storeFile(dir)), journal);
        FileTree crashed = FileTree.of(dir);

        RecordedFindings findings = read();

        assertThat(findings.intactRecords()).containsExactlyElementsOf(written);
        assertThat(findings.damages()).isEmpty();
        assertThat(FileTree.of(dir)).isEqualTo(crashed);
    }

    @Test
    void flippedPayloadByteIsAMismatchAndTheRecordsAfterItAreStillReported() throws Exception {
        List<WalRecord> written = writeRecords();
        WalFixtures.flipPayloadByte(storeFile(dir), written.get(7).payload());
        FileTree before = FileTree.of(dir);

        RecordedFindings findings = read();

        assertThat(findings.records()).extracting(found -> found.record().offset())
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(findings.records().get(7).checksumMatches()).isFalse();
        assertThat(findings.damages()).singleElement().satisfies(damage -> {
            assertThat(damage.offset()).isEqualTo(7);
            assertThat(damage.location()).startsWith("store wal.mapdb, chunk ");
            assertThat(damage.problem()).isEqualTo("CRC mismatch");
        });
        assertThat(FileTree.of(dir)).isEqualTo(before);
        try (MapDbWal wal = WalFixtures.open(dir)) {
            assertThat(wal.endOffset()).as("what recovery keeps: the records before the first damage").isEqualTo(7);
        }
    }

    @Test
    void fileThatIsNotAMapDbStoreFailsNamingItAndStaysAsItWas() throws Exception {
        Files.writeString(storeFile(dir), "not a MapDB store");

        assertThatThrownBy(this::read)
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("Metadata WAL store " + storeFile(dir) + " cannot be read");
        assertThat(storeFile(dir)).hasContent("not a MapDB store");
    }

    @Test
    void directoryWithoutAStoreHoldsNoRecords() throws Exception {
        RecordedFindings findings = read();

        assertThat(findings.records()).isEmpty();
        assertThat(findings.damages()).isEmpty();
        assertThat(dir).isEmptyDirectory();
    }

    private List<WalRecord> writeRecords() throws Exception {
        List<WalRecord> written = new ArrayList<>();
        try (MapDbWal wal = WalFixtures.open(dir)) {
            for (int i = 0; i < RECORDS; i++) {
                byte[] payload = WalFixtures.uniquePayload(i, PAYLOAD_BYTES);
                written.add(new WalRecord(1 + i / 4, appendDurably(wal, 1 + i / 4, payload), payload));
            }
        }
        return written;
    }

    private RecordedFindings read() throws Exception {
        RecordedFindings findings = new RecordedFindings();
        assertThat(new MapDbWalProvider().offlineReader().read(dir, findings)).isTrue();
        return findings;
    }
}
