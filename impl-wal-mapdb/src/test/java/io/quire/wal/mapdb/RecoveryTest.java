package io.quire.wal.mapdb;

import static io.quire.wal.mapdb.WalFixtures.appendDurably;
import static io.quire.wal.mapdb.WalFixtures.bytes;
import static io.quire.wal.mapdb.WalFixtures.storeFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.quire.spi.wal.WalRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
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
     * in the middle would leave a corrupt store; the journal is applied again on open instead.
     */
    @Test
    void commitInterruptedBetweenJournalAndStoreFileIsCompletedOnOpen() throws Exception {
        byte[] journal = crashAfterTheJournalOfTheLastRecord();

        try (LogCapture log = new LogCapture(JournaledVolume.class); MapDbWal wal = WalFixtures.open(dir)) {
            assertThat(wal.endOffset()).isEqualTo(RECORDS);
            WalFixtures.assertOffsets(WalFixtures.readAll(wal), 0, RECORDS);
            assertThat(wal.read(RECORDS - 1, 1).get(0).payload()).isEqualTo(uniquePayload(RECORDS - 1));
            assertThat(log.messages(Level.INFO)).singleElement().asString().contains("applied the journal");
        }
        assertThat(journal).isNotEmpty();
    }

    @Test
    void tornJournalOfTheLastCommitLeavesTheRecordsBefore() throws Exception {
        byte[] journal = crashAfterTheJournalOfTheLastRecord();
        Files.write(JournaledVolume.journalOf(storeFile(dir)), Arrays.copyOf(journal, journal.length / 2));

        try (LogCapture log = new LogCapture(JournaledVolume.class); MapDbWal wal = WalFixtures.open(dir)) {
            assertThat(wal.endOffset()).isEqualTo(RECORDS - 1);
            assertThat(wal.lastEpoch()).isEqualTo(1);
            assertThat(log.messages(Level.WARN)).singleElement().asString().contains("ignored a torn journal");
            assertThat(appendDurably(wal, 1, bytes("after the crash"))).isEqualTo(RECORDS - 1);
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
     * Leaves the files as a crash would after the last record's journal was forced but before the
     * store file was written: the store file as it was before the commit, the journal after it.
     * Returns the journal.
     */
    private byte[] crashAfterTheJournalOfTheLastRecord() throws Exception {
        byte[] storeBefore;
        byte[] journal;
        try (MapDbWal wal = WalFixtures.open(dir)) {
            for (int i = 0; i < RECORDS - 1; i++) {
                appendDurably(wal, 1, uniquePayload(i));
            }
            storeBefore = Files.readAllBytes(storeFile(dir));
            appendDurably(wal, 1, uniquePayload(RECORDS - 1));
            journal = Files.readAllBytes(JournaledVolume.journalOf(storeFile(dir)));
        }
        Files.write(storeFile(dir), storeBefore);
        Files.write(JournaledVolume.journalOf(storeFile(dir)), journal);
        return journal;
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

    /** Random bytes, so that each record's payload occurs once in the store file. */
    private static byte[] uniquePayload(int seed) {
        byte[] payload = new byte[PAYLOAD_BYTES];
        new Random(seed).nextBytes(payload);
        return payload;
    }

    /** Flips a byte in the middle of the payload of the record at {@code offset}, in the store file. */
    private void flipByteOf(int offset) throws IOException {
        byte[] file = Files.readAllBytes(storeFile(dir));
        int position = indexOf(file, uniquePayload(offset));
        assertThat(position).as("payload of offset %d in the store file", offset).isNotNegative();
        overwrite(position + PAYLOAD_BYTES / 2, new byte[] {(byte) (file[position + PAYLOAD_BYTES / 2] ^ 0x5A)});
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
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

    private void overwrite(long position, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(storeFile(dir), StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(bytes), position);
        }
    }
}
