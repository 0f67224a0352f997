package io.quire.wal.mapdb;

import static io.quire.wal.mapdb.WalFixtures.appendDurably;
import static io.quire.wal.mapdb.WalFixtures.bytes;
import static io.quire.wal.mapdb.WalFixtures.storeFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.quire.spi.wal.WalRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening checks the store: a gap or a corrupt record cuts the log, an unreadable store fails create. */
class RecoveryTest {

    private static final int RECORDS = 10;
    private static final int PAYLOAD_BYTES = 1000;

    @TempDir
    Path dir;

    @Test
    void openLogsTheDirectoryAndOffsetRange() throws Exception {
        writeRecords();

        try (LogCapture log = new LogCapture(MapDbWal.class)) {
            WalFixtures.open(dir).close();

            assertThat(log.messages(Level.INFO)).first().asString()
                    .isEqualTo("Metadata WAL opened in " + dir + ": offsets [0, 10), last epoch 1");
        }
    }

    @Test
    void recordWithAFlippedPayloadByteIsCutWithEverythingAfterIt() throws Exception {
        writeRecords();
        flipByteOf(7);

        assertRecoveryCutAt(7, "CRC mismatch");
    }

    @Test
    void gapInTheOffsetsIsCut() throws Exception {
        writeRecords();
        StoreFile store = StoreFile.open(storeFile(dir));
        store.records().remove(5L);
        store.db().commit();
        store.close();

        assertRecoveryCutAt(5, "found offset 6 where 5 was expected");
    }

    @Test
    void corruptFirstRecordLeavesAnEmptyLogWithNoEpoch() throws Exception {
        writeRecords();
        flipByteOf(0);

        try (LogCapture log = new LogCapture(MapDbLog.class); MapDbWal wal = WalFixtures.open(dir)) {
            assertThat(wal.startOffset()).isZero();
            assertThat(wal.endOffset()).isZero();
            assertThat(wal.lastEpoch()).isEqualTo(-1);
            assertThat(log.messages(Level.WARN)).singleElement().asString().contains("at offset 0", "CRC mismatch");
        }
    }

    /**
     * MapDB writes a commit into the store file in place and never replays its own log, so a crash
     * in the middle would leave a corrupt store; the journal's entries are replayed on open instead.
     */
    @Test
    void commitInterruptedBetweenJournalAndStoreFileIsCompletedOnOpen() throws Exception {
        Crash crash = crashAfterTheJournalOfTheLastRecord();
        restore(crash.storeBeforeLast(), crash.journalAfterLast());

        assertEveryRecordReplayed();
    }

    /**
     * The store file is not forced at a commit, only at checkpoints (the last one: recovery, when
     * the WAL was opened). A power loss may lose all of its writes since; the journal holds them.
     */
    @Test
    void storeFileThatLostEveryWriteSinceTheLastCheckpointIsRebuiltFromTheJournal() throws Exception {
        Crash crash = crashAfterTheJournalOfTheLastRecord();
        restore(crash.storeAtOpen(), crash.journalAfterLast());

        assertEveryRecordReplayed();
    }

    private void assertEveryRecordReplayed() throws Exception {
        try (LogCapture log = new LogCapture(JournaledVolume.class); MapDbWal wal = WalFixtures.open(dir)) {
            assertThat(wal.endOffset()).isEqualTo(RECORDS);
            WalFixtures.assertOffsets(WalFixtures.readAll(wal), 0, RECORDS);
            for (WalRecord record : WalFixtures.readAll(wal)) {
                assertThat(record.payload()).isEqualTo(uniquePayload((int) record.offset()));
            }
            assertThat(log.messages(Level.INFO)).singleElement().asString().contains("replayed");
            assertThat(log.messages(Level.WARN)).isEmpty();
        }
    }

    @Test
    void tornJournalEntryOfTheLastCommitLeavesTheRecordsBefore() throws Exception {
        Crash crash = crashAfterTheJournalOfTheLastRecord();
        byte[] before = crash.journalBeforeLast();
        byte[] torn = crash.journalAfterLast();
        int entryStart = Arrays.mismatch(before, torn);
        int entryEnd = entryStart;
        for (int i = entryStart; i < Math.min(before.length, torn.length); i++) {
            if (before[i] != torn[i]) {
                entryEnd = i + 1;
            }
        }
        // The second half of the last entry never reached the disk; nor did any of it reach the store file.
        System.arraycopy(before, (entryStart + entryEnd) / 2, torn, (entryStart + entryEnd) / 2,
                entryEnd - (entryStart + entryEnd) / 2);
        restore(crash.storeBeforeLast(), torn);

        try (LogCapture log = new LogCapture(JournaledVolume.class); MapDbWal wal = WalFixtures.open(dir)) {
            assertThat(wal.endOffset()).isEqualTo(RECORDS - 1);
            assertThat(wal.lastEpoch()).isEqualTo(1);
            assertThat(log.messages(Level.WARN)).singleElement().asString().contains("ignored a torn");
            assertThat(appendDurably(wal, 1, bytes("after the crash"))).isEqualTo(RECORDS - 1);
        }
        try (MapDbWal wal = WalFixtures.open(dir)) {
            assertThat(wal.endOffset()).isEqualTo(RECORDS);
            assertThat(WalFixtures.text(wal.read(RECORDS - 1, 1).get(0))).isEqualTo("after the crash");
        }
    }

    @Test
    void emptyStoreFileLeftByACrashBeforeTheFirstCommitOpensAsANewLog() throws Exception {
        Files.createFile(storeFile(dir));

        try (MapDbWal wal = WalFixtures.open(dir)) {
            assertThat(wal.endOffset()).isZero();
            assertThat(appendDurably(wal, 1, bytes("first"))).isZero();
        }
        try (MapDbWal wal = WalFixtures.open(dir)) {
            assertThat(wal.endOffset()).isEqualTo(1);
        }
    }

    /**
     * The files of a WAL that appended {@code RECORDS} records, at three moments: right after it
     * was opened (its last checkpoint), before the last record's commit and after it.
     */
    private record Crash(byte[] storeAtOpen, byte[] storeBeforeLast, byte[] journalBeforeLast,
            byte[] journalAfterLast) {}

    private Crash crashAfterTheJournalOfTheLastRecord() throws Exception {
        Path journal = JournaledVolume.journalOf(storeFile(dir));
        WalFixtures.open(dir).close();
        try (MapDbWal wal = WalFixtures.open(dir)) {
            byte[] storeAtOpen = Files.readAllBytes(storeFile(dir));
            for (int i = 0; i < RECORDS - 1; i++) {
                appendDurably(wal, 1, uniquePayload(i));
            }
            byte[] storeBefore = Files.readAllBytes(storeFile(dir));
            byte[] journalBefore = Files.readAllBytes(journal);
            appendDurably(wal, 1, uniquePayload(RECORDS - 1));
            return new Crash(storeAtOpen, storeBefore, journalBefore, Files.readAllBytes(journal));
        }
    }

    private void restore(byte[] store, byte[] journal) throws IOException {
        Files.write(storeFile(dir), store);
        Files.write(JournaledVolume.journalOf(storeFile(dir)), journal);
    }

    @Test
    void corruptStoreFailsCreateNamingTheFileAndLeavesItAlone() throws Exception {
        writeRecords();
        overwrite(40, new byte[] {1, 2, 3, 4});
        byte[] damaged = Files.readAllBytes(storeFile(dir));

        assertThatThrownBy(() -> WalFixtures.open(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(storeFile(dir).toString())
                .hasMessageContaining("corrupt");
        assertThat(storeFile(dir)).hasBinaryContent(damaged);
    }

    @Test
    void fileThatIsNotAMapDbStoreFailsCreate() throws Exception {
        Files.writeString(storeFile(dir), "not a MapDB store, and not to be overwritten either");

        assertThatThrownBy(() -> WalFixtures.open(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(storeFile(dir).toString());
        assertThat(storeFile(dir)).hasContent("not a MapDB store, and not to be overwritten either");
    }

    @Test
    void storeHeldOpenByAnotherWalIsRefused() throws Exception {
        try (MapDbWal wal = WalFixtures.open(dir)) {
            appendDurably(wal, 1, bytes("held"));

            assertThatThrownBy(() -> WalFixtures.open(dir))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(storeFile(dir) + " is locked");
            assertThat(wal.read(0, 1)).extracting(WalFixtures::text).containsExactly("held");
        }
    }

    @Test
    void missingDataDirectoryFailsCreateWithTheIoError() {
        Path missing = dir.resolve("missing");

        assertThatThrownBy(() -> WalFixtures.open(missing))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(storeFile(missing) + " cannot be opened")
                .hasMessageContaining("No such file or directory");
    }

    /** Reopens, expecting the cut at {@code offset}, then checks the WAL works on from there. */
    private void assertRecoveryCutAt(long offset, String reason) throws Exception {
        try (LogCapture log = new LogCapture(MapDbLog.class); MapDbWal wal = WalFixtures.open(dir)) {
            assertThat(wal.endOffset()).isEqualTo(offset);
            assertThat(wal.lastEpoch()).isEqualTo(1);
            List<WalRecord> kept = WalFixtures.readAll(wal);
            WalFixtures.assertOffsets(kept, 0, offset);
            for (WalRecord record : kept) {
                assertThat(record.payload()).isEqualTo(uniquePayload((int) record.offset()));
            }
            assertThat(log.messages(Level.WARN)).containsExactly("Metadata WAL recovery: cut corrupt tail at offset "
                    + offset + " (store " + storeFile(dir) + "): " + reason);
            assertThat(appendDurably(wal, 2, bytes("after the cut"))).isEqualTo(offset);
        }
        try (LogCapture log = new LogCapture(MapDbLog.class); MapDbWal wal = WalFixtures.open(dir)) {
            assertThat(wal.endOffset()).isEqualTo(offset + 1);
            assertThat(wal.lastEpoch()).isEqualTo(2);
            assertThat(log.messages(Level.WARN)).isEmpty();
        }
    }

    private void writeRecords() throws Exception {
        try (MapDbWal wal = WalFixtures.open(dir)) {
            for (int i = 0; i < RECORDS; i++) {
                appendDurably(wal, 1, uniquePayload(i));
            }
        }
    }

    private static byte[] uniquePayload(int seed) {
        return WalFixtures.uniquePayload(seed, PAYLOAD_BYTES);
    }

    private void flipByteOf(int offset) throws IOException {
        WalFixtures.flipPayloadByte(storeFile(dir), uniquePayload(offset));
    }

    private void overwrite(long position, byte[] bytes) throws IOException {
        WalFixtures.overwrite(storeFile(dir), position, bytes);
    }
}
