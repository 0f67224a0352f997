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

/** The store file's writes between two syncs reach it whole or not at all, through the journal. */
class JournaledVolumeTest {

    private static final byte[] FIRST = filled(4096, 1);
    private static final byte[] SECOND = filled(4096, 2);

    @TempDir
    Path dir;

    private Path store() {
        return dir.resolve("store");
    }

    private Path journal() {
        return JournaledVolume.journalOf(store());
    }

    @Test
    void writesReachTheFileOnlyAtSyncWhileReadsSeeThemAtOnce() throws Exception {
        try (JournaledVolume volume = JournaledVolume.open(store())) {
            volume.putLong(8, 42);
            volume.putData(100, SECOND, 0, 16);

            assertThat(volume.getLong(8)).isEqualTo(42);
            assertThat(volume.getByte(100)).isEqualTo((byte) 2);
            assertThat(store()).isEmptyFile();

            volume.sync();

            assertThat(Files.size(store())).isEqualTo(116);
            assertThat(Files.size(journal())).as("the journal of the last commit").isPositive();
        }
        assertThat(journal()).as("emptied by a clean close").isEmptyFile();
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
    void aCommitWhoseJournalIsWholeIsAppliedWhenTheStoreFileMissedIt() throws Exception {
        CrashImage crash = crashBetweenJournalAndStoreFile();
        crash.restore(crash.storeBefore(), crash.journal());

        assertAppliedOnOpen();
    }

    @Test
    void aCommitHalfAppliedToTheStoreFileIsCompletedOnOpen() throws Exception {
        CrashImage crash = crashBetweenJournalAndStoreFile();
        byte[] half = crash.storeBefore().clone();
        System.arraycopy(SECOND, 0, half, 0, SECOND.length / 2);
        crash.restore(half, crash.journal());

        assertAppliedOnOpen();
    }

    private void assertAppliedOnOpen() throws Exception {
        try (LogCapture log = new LogCapture(JournaledVolume.class);
                JournaledVolume volume = JournaledVolume.open(store())) {
            byte[] read = new byte[SECOND.length];
            volume.getData(0, read, 0, read.length);
            assertThat(read).isEqualTo(SECOND);
            assertThat(log.messages(Level.INFO)).singleElement().asString().contains("applied the journal");
        }
        assertThat(Arrays.copyOf(Files.readAllBytes(store()), SECOND.length)).isEqualTo(SECOND);
    }

    @Test
    void aTornJournalIsIgnoredAndTheStoreFileKeepsTheCommitBefore() throws Exception {
        CrashImage crash = crashBetweenJournalAndStoreFile();
        byte[] journal = crash.journal();
        crash.restore(crash.storeBefore(), Arrays.copyOf(journal, journal.length - 10));

        try (LogCapture log = new LogCapture(JournaledVolume.class);
                JournaledVolume volume = JournaledVolume.open(store())) {
            byte[] read = new byte[FIRST.length];
            volume.getData(0, read, 0, read.length);
            assertThat(read).isEqualTo(FIRST);
            assertThat(log.messages(Level.WARN)).singleElement().asString().contains("ignored a torn journal");
        }
        assertThat(store()).hasBinaryContent(crash.storeBefore());
    }

    @Test
    void aJournalWithAFlippedByteIsIgnored() throws Exception {
        CrashImage crash = crashBetweenJournalAndStoreFile();
        byte[] journal = crash.journal();
        journal[journal.length - 100] ^= 0x01;
        crash.restore(crash.storeBefore(), journal);

        try (LogCapture log = new LogCapture(JournaledVolume.class);
                JournaledVolume volume = JournaledVolume.open(store())) {
            assertThat(volume.getByte(0)).isEqualTo((byte) 1);
            assertThat(log.messages(Level.WARN)).hasSize(1);
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

    /**
     * The files as a crash leaves them after the second commit's journal was forced, before the
     * store file was written.
     */
    private record CrashImage(Path storeFile, Path journalFile, byte[] storeBefore, byte[] journalBytes) {

        byte[] journal() {
            return journalBytes.clone();
        }

        void restore(byte[] storeBytes, byte[] journal) throws IOException {
            Files.write(storeFile, storeBytes);
            Files.write(journalFile, journal);
        }
    }

    private CrashImage crashBetweenJournalAndStoreFile() throws Exception {
        byte[] storeBefore;
        byte[] journal;
        try (JournaledVolume volume = JournaledVolume.open(store())) {
            volume.putData(0, FIRST, 0, FIRST.length);
            volume.sync();
            storeBefore = Files.readAllBytes(store());
            volume.putData(0, SECOND, 0, SECOND.length);
            volume.sync();
            journal = Files.readAllBytes(journal());
        }
        assertThat(journal).isNotEmpty();
        return new CrashImage(store(), journal(), storeBefore, journal);
    }

    private static byte[] filled(int size, int value) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
