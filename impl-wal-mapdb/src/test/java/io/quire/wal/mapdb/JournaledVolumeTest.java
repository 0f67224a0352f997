package io.quire.wal.mapdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store file's writes between two syncs become durable as one journal entry, and every crash
 * window leaves files from which opening rebuilds the last acknowledged commit. A crash is
 * simulated, as a process kill or a power loss would leave them, by writing older or damaged
 * copies of the files back before opening them again.
 */
class JournaledVolumeTest {

    private static final byte[] FIRST = filled(4096, 1);
    private static final byte[] SECOND = filled(4096, 2);
    private static final byte[] THIRD = filled(4096, 3);

    @TempDir
    Path dir;

    private Path store() {
        return dir.resolve("store");
    }

    private Path journal() {
        return JournaledVolume.journalOf(store());
    }

    @Test
    void writesReachTheJournalAndTheStoreFileAtSyncWhileReadsSeeThemAtOnce() throws Exception {
        try (JournaledVolume volume = JournaledVolume.open(store())) {
            volume.putLong(8, 42);
            volume.putData(100, SECOND, 0, 16);

            assertThat(volume.getLong(8)).isEqualTo(42);
            assertThat(volume.getByte(100)).isEqualTo((byte) 2);
            assertThat(store()).isEmptyFile();
            assertThat(volume.journalBytes()).isZero();

            volume.sync();

            assertThat(volume.journalBytes()).as("one entry").isPositive();
            assertThat(Files.size(store())).as("written in place").isEqualTo(116);
            assertThat(readStore(8, 8)).isEqualTo(new byte[] {0, 0, 0, 0, 0, 0, 0, 42});
        }
        assertThat(journal()).as("emptied by the checkpoint of a clean close").isEmptyFile();
        try (JournaledVolume volume = JournaledVolume.open(store())) {
            assertThat(volume.getLong(8)).isEqualTo(42);
            assertThat(volume.length()).isEqualTo(116);
        }
    }

    @Test
    void bytesBeyondTheFileReadAsZerosAndEnsuredLengthSurvivesTheSync() throws Exception {
        try (JournaledVolume volume = JournaledVolume.open(store())) {
            volume.ensureAvailable(1 << 20);

            assertThat(volume.getLong((1 << 20) - 8)).isZero();
            assertThat(volume.length()).isEqualTo(1 << 20);
            volume.sync();
        }
        assertThat(Files.size(store())).isEqualTo(1 << 20);
    }

    @Test
    void onlyTheBytesThatChangedAreJournaled() throws Exception {
        try (JournaledVolume volume = JournaledVolume.open(store())) {
            volume.putData(0, FIRST, 0, FIRST.length);
            volume.sync();
            long afterFirst = volume.journalBytes();

            volume.putData(0, FIRST, 0, FIRST.length);
            volume.sync();
            assertThat(volume.journalBytes()).as("rewriting the same bytes journals nothing").isEqualTo(afterFirst);

            byte[] changed = FIRST.clone();
            changed[10] = 9;
            changed[3000] = 9;
            volume.putData(0, changed, 0, changed.length);
            volume.sync();
            long entry = volume.journalBytes() - afterFirst;
            assertThat(entry).as("an entry for two changed bytes").isLessThan(100);
            assertThat(volume.getByte(3000)).isEqualTo((byte) 9);
        }
        assertThat(readStore(0, 4096)).satisfies(bytes -> {
            assertThat(bytes[10]).isEqualTo((byte) 9);
            assertThat(bytes[3000]).isEqualTo((byte) 9);
            assertThat(bytes[11]).isEqualTo((byte) 1);
        });
    }

    @Test
    void laterWritesOfOneSyncWinWhereTheyOverlap() throws Exception {
        try (JournaledVolume volume = JournaledVolume.open(store())) {
            volume.putData(0, FIRST, 0, 100);
            volume.putData(50, SECOND, 0, 100);
            volume.putLong(60, 0);
            volume.sync();
        }
        byte[] expected = new byte[150];
        Arrays.fill(expected, 0, 50, (byte) 1);
        Arrays.fill(expected, 50, 150, (byte) 2);
        Arrays.fill(expected, 60, 68, (byte) 0);
        assertThat(Files.readAllBytes(store())).isEqualTo(expected);
    }

    @Test
    void writesBeyondTheReusedBuffersKeepEveryByte() throws Exception {
        byte[] large = new byte[100_000];
        new java.util.Random(7).nextBytes(large);
        byte[] expected = new byte[300_000];
        try (JournaledVolume volume = JournaledVolume.open(store())) {
            for (int round = 0; round < 2; round++) {
                // Each write grows what one sync stages and compares past the buffers' first size.
                volume.putData(0, large, 0, large.length);
                volume.putData(150_000, large, 0, large.length);
                volume.putByte(1, (byte) 77);
                volume.putInt(150_004, 0x01020304);
                volume.putLong(299_992, -1L);
                volume.clear(150_010, 150_020);
                volume.sync();
                large[500] ^= 0x7F;
            }
            large[500] ^= 0x7F;
            System.arraycopy(large, 0, expected, 0, large.length);
            System.arraycopy(large, 0, expected, 150_000, large.length);
            expected[1] = 77;
            System.arraycopy(new byte[] {1, 2, 3, 4}, 0, expected, 150_004, 4);
            Arrays.fill(expected, 299_992, 300_000, (byte) -1);
            Arrays.fill(expected, 150_010, 150_020, (byte) 0);
            assertThat(read(volume, 0, expected.length)).isEqualTo(expected);
        }
        assertThat(Files.readAllBytes(store())).isEqualTo(expected);
    }

    /** A crash after the entry was forced, before any of it reached the store file. */
    @Test
    void aCommitWhoseEntryIsWholeIsReplayedWhenTheStoreFileMissedIt() throws Exception {
        Commits commits = threeCommits();
        restore(commits.storeAfterFirst(), commits.journalAfterThird());

        assertReplayedOnOpen(THIRD, 3);
    }

    /** A crash in the middle of the in-place writes of the last commit. */
    @Test
    void aCommitHalfWrittenToTheStoreFileIsCompletedOnOpen() throws Exception {
        Commits commits = threeCommits();
        byte[] half = commits.storeAfterSecond();
        System.arraycopy(THIRD, 0, half, 0, THIRD.length / 2);
        restore(half, commits.journalAfterThird());

        assertReplayedOnOpen(THIRD, 3);
    }

    /**
     * The store file is not forced at a commit: a power loss may lose any of the in-place writes
     * since the last checkpoint, of several commits, in any combination. Replaying every entry in
     * order rebuilds the last one whatever survived.
     */
    @Test
    void inPlaceWritesOfSeveralCommitsLostInAnyCombinationAreReplayed() throws Exception {
        Commits commits = threeCommits();
        byte[] mixed = commits.storeAfterFirst();
        System.arraycopy(commits.storeAfterThird(), 1000, mixed, 1000, 500);
        System.arraycopy(commits.storeAfterSecond(), 3000, mixed, 3000, 500);
        restore(mixed, commits.journalAfterThird());

        assertReplayedOnOpen(THIRD, 3);
    }

    /** A crash while the last entry was being appended: it was never acknowledged, and is dropped. */
    @Test
    void aTornLastEntryIsIgnoredAndTheCommitsBeforeItAreKept() throws Exception {
        Commits commits = threeCommits();
        byte[] torn = commits.journalAfterThird();
        // The second half of the last entry never reached the disk: the zeros written ahead stay.
        Arrays.fill(torn, (int) (commits.thirdEntryStart() + commits.thirdEntryEnd()) / 2,
                (int) commits.thirdEntryEnd(), (byte) 0);
        restore(commits.storeAfterFirst(), torn);

        try (LogCapture log = new LogCapture(JournaledVolume.class);
                JournaledVolume volume = JournaledVolume.open(store())) {
            assertThat(read(volume, 0, SECOND.length)).isEqualTo(SECOND);
            assertThat(log.messages(Level.INFO)).singleElement().asString().contains("replayed 2 journal entries");
            assertThat(log.messages(Level.WARN)).singleElement().asString()
                    .contains("ignored a torn or corrupt journal entry at byte " + commits.thirdEntryStart());
        }
        assertThat(Arrays.copyOf(Files.readAllBytes(store()), SECOND.length)).isEqualTo(SECOND);
    }

    @Test
    void aJournalCutInsideItsLastEntryKeepsTheCommitsBeforeIt() throws Exception {
        Commits commits = threeCommits();
        restore(commits.storeAfterSecond(),
                Arrays.copyOf(commits.journalAfterThird(), (int) commits.thirdEntryEnd() - 10));

        try (LogCapture log = new LogCapture(JournaledVolume.class);
                JournaledVolume volume = JournaledVolume.open(store())) {
            assertThat(read(volume, 0, SECOND.length)).isEqualTo(SECOND);
            assertThat(log.messages(Level.WARN)).hasSize(1);
        }
    }

    @Test
    void anEntryWithAFlippedByteEndsTheJournal() throws Exception {
        Commits commits = threeCommits();
        byte[] journal = commits.journalAfterThird();
        journal[(int) commits.thirdEntryEnd() - 100] ^= 0x01;
        restore(commits.storeAfterSecond(), journal);

        try (LogCapture log = new LogCapture(JournaledVolume.class);
                JournaledVolume volume = JournaledVolume.open(store())) {
            assertThat(volume.getByte(0)).isEqualTo((byte) 2);
            assertThat(log.messages(Level.WARN)).hasSize(1);
        }
    }

    /**
     * A crash during the checkpoint of a clean close, after the store file was forced and before
     * the journal was emptied: the old entries are replayed onto a store file that holds them
     * already, which changes nothing.
     */
    @Test
    void entriesReplayedOntoAStoreFileThatAlreadyHoldsThemChangeNothing() throws Exception {
        Commits commits = threeCommits();
        byte[] closed = Files.readAllBytes(store());
        assertThat(closed).isEqualTo(commits.storeAfterThird());
        restore(closed, commits.journalAfterThird());

        assertReplayedOnOpen(THIRD, 3);
        assertThat(store()).hasBinaryContent(closed);
    }

    /** A crash during recovery, before the journal was restarted: recovery runs again, the same. */
    @Test
    void aSecondRecoveryAfterACrashDuringTheFirstReplaysTheSameEntries() throws Exception {
        Commits commits = threeCommits();
        restore(commits.storeAfterFirst(), commits.journalAfterThird());
        byte[] storeAfterReplay;
        byte[] journalAfterReplay;
        try (JournaledVolume volume = JournaledVolume.open(store())) {
            storeAfterReplay = Files.readAllBytes(store());
            journalAfterReplay = Files.readAllBytes(journal());
            assertThat(read(volume, 0, THIRD.length)).isEqualTo(THIRD);
        }
        restore(storeAfterReplay, journalAfterReplay);

        assertReplayedOnOpen(THIRD, 3);
    }

    /**
     * At a checkpoint the journal is not truncated: the next cycle overwrites it from byte 0. Here
     * the new cycle's first entry has exactly the size of the old cycle's first entry, so the old
     * second entry, whole and numbered as the chain expects, follows it. Its generation tells it
     * apart: replaying it would bring back bytes the new cycle replaced.
     */
    @Test
    void entriesOfAnOlderCycleAfterTheChainAreNotReplayed() throws Exception {
        byte[] journal;
        long entryBytes;
        try (JournaledVolume volume = JournaledVolume.open(store(), 250)) {
            volume.putData(0, FIRST, 0, 100);
            volume.sync();
            entryBytes = volume.journalBytes();
            volume.putData(0, SECOND, 0, 100);
            volume.sync();
            assertThat(volume.checkpointCount()).as("a checkpoint after the second entry").isEqualTo(1);
            assertThat(volume.journalBytes()).isZero();

            volume.putData(0, THIRD, 0, 100);
            volume.sync();
            assertThat(volume.journalBytes()).isEqualTo(entryBytes);
            journal = Files.readAllBytes(journal());
        }
        byte[] oldSecond = Arrays.copyOfRange(journal, (int) entryBytes, (int) (2 * entryBytes));
        assertThat(oldSecond).as("the old cycle's second entry, still in the journal").contains(2);
        restore(Files.readAllBytes(store()), journal);

        try (LogCapture log = new LogCapture(JournaledVolume.class);
                JournaledVolume volume = JournaledVolume.open(store())) {
            assertThat(read(volume, 0, 100)).isEqualTo(Arrays.copyOf(THIRD, 100));
            assertThat(log.messages(Level.INFO)).singleElement().asString().contains("replayed 1 journal entries");
            assertThat(log.messages(Level.WARN)).as("an older cycle's entry is no torn one").isEmpty();
        }
    }

    @Test
    void aFullJournalIsCheckpointedAndRestartedAndNothingIsLost() throws Exception {
        try (JournaledVolume volume = JournaledVolume.open(store(), 10_000)) {
            for (int i = 0; i < 10; i++) {
                volume.putData(i * 4096L, filled(4096, i + 1), 0, 4096);
                volume.sync();
            }
            assertThat(volume.checkpointCount()).isEqualTo(3);
            assertThat(volume.journalBytes()).isLessThan(10_000);
        }
        try (JournaledVolume volume = JournaledVolume.open(store())) {
            for (int i = 0; i < 10; i++) {
                assertThat(read(volume, i * 4096L, 4096)).isEqualTo(filled(4096, i + 1));
            }
        }
    }

    @Test
    void aStoreFileLeftWithoutItsJournalOpensAsItIs() throws Exception {
        try (JournaledVolume volume = JournaledVolume.open(store())) {
            volume.putData(0, FIRST, 0, FIRST.length);
            volume.sync();
        }
        Files.delete(journal());

        try (JournaledVolume volume = JournaledVolume.open(store())) {
            assertThat(read(volume, 0, FIRST.length)).isEqualTo(FIRST);
        }
    }

    @Test
    void aSecondOpenOfTheSameFileIsRefused() throws Exception {
        try (JournaledVolume volume = JournaledVolume.open(store())) {
            assertThatThrownBy(() -> JournaledVolume.open(store()))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(store() + " is locked");
            assertThat(volume.isClosed()).isFalse();
        }
    }

    @Test
    void theMapDbStoreNeverShrinksTheFile() throws Exception {
        try (JournaledVolume volume = JournaledVolume.open(store())) {
            assertThatThrownBy(() -> volume.truncate(0)).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    private void assertReplayedOnOpen(byte[] expected, int entries) throws Exception {
        try (LogCapture log = new LogCapture(JournaledVolume.class);
                JournaledVolume volume = JournaledVolume.open(store())) {
            assertThat(read(volume, 0, expected.length)).isEqualTo(expected);
            assertThat(log.messages(Level.INFO)).singleElement().asString()
                    .contains("replayed " + entries + " journal entries");
            assertThat(log.messages(Level.WARN)).isEmpty();
        }
        assertThat(Arrays.copyOf(Files.readAllBytes(store()), expected.length)).isEqualTo(expected);
    }

    /**
     * The files at each step of three commits of one journal cycle, each writing a whole page:
     * FIRST, then SECOND, then THIRD.
     */
    private record Commits(byte[] storeAfterFirst, byte[] storeAfterSecond, byte[] storeAfterThird,
            byte[] journalAfterThird, long thirdEntryStart, long thirdEntryEnd) {

        @Override
        public byte[] storeAfterFirst() {
            return storeAfterFirst.clone();
        }

        @Override
        public byte[] storeAfterSecond() {
            return storeAfterSecond.clone();
        }

        @Override
        public byte[] journalAfterThird() {
            return journalAfterThird.clone();
        }
    }

    private Commits threeCommits() throws Exception {
        try (JournaledVolume volume = JournaledVolume.open(store())) {
            volume.putData(0, FIRST, 0, FIRST.length);
            volume.sync();
            byte[] afterFirst = Files.readAllBytes(store());
            volume.putData(0, SECOND, 0, SECOND.length);
            volume.sync();
            byte[] afterSecond = Files.readAllBytes(store());
            long thirdStart = volume.journalBytes();
            volume.putData(0, THIRD, 0, THIRD.length);
            volume.sync();
            assertThat(volume.checkpointCount()).isZero();
            return new Commits(afterFirst, afterSecond, Files.readAllBytes(store()), Files.readAllBytes(journal()),
                    thirdStart, volume.journalBytes());
        }
    }

    private void restore(byte[] storeBytes, byte[] journalBytes) throws IOException {
        Files.write(store(), storeBytes);
        Files.write(journal(), journalBytes);
    }

    private byte[] readStore(long offset, int size) throws IOException {
        return Arrays.copyOfRange(Files.readAllBytes(store()), (int) offset, (int) offset + size);
    }

    private static byte[] read(JournaledVolume volume, long offset, int size) {
        byte[] bytes = new byte[size];
        volume.getData(offset, bytes, 0, size);
        return bytes;
    }

    private static byte[] filled(int size, int value) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
