package io.quire.wal.mapdb;

import static io.quire.wal.mapdb.WalFixtures.appendDurably;
import static io.quire.wal.mapdb.WalFixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mapdb.DBException;

/** A failed commit is never reported as success, and the WAL refuses every later change. */
class CommitFailureTest {

    @TempDir
    Path dir;

    private final FaultyCommitter committer = new FaultyCommitter();

    @Test
    void failedCommitFailsTheAppendAndEveryLaterOne() throws Exception {
        try (LogCapture log = new LogCapture(MapDbLog.class);
                MapDbWal wal = MapDbWal.open(dir, WalFixtures.MAX_RECORD_BYTES, committer)) {
            appendDurably(wal, 1, bytes("before the fault"));
            committer.failCommits(new IOException("injected commit failure"));

            CompletableFuture<Long> failed = wal.append(1, bytes("lost"));
            assertThatThrownBy(failed::get)
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("commit of 1 appended record(s) failed")
                    .hasRootCauseMessage("injected commit failure");

            committer.failCommits(null);
            assertThatThrownBy(() -> wal.append(1, bytes("after the fault")).get())
                    .cause()
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("refuses appends")
                    .hasMessageContaining("what reached the disk is unknown")
                    .hasMessageContaining("injected commit failure");
            assertThat(wal.endOffset()).isEqualTo(1);
            assertThat(wal.read(0, 10)).extracting(WalFixtures::text).containsExactly("before the fault");
            assertThat(log.messages(Level.ERROR)).singleElement().asString()
                    .contains("commit of 1 appended record(s)", "failed");
        }
    }

    @Test
    void mapDbExceptionFromTheCommitIsAFailureToo() throws Exception {
        try (LogCapture log = new LogCapture(MapDbLog.class);
                MapDbWal wal = MapDbWal.open(dir, WalFixtures.MAX_RECORD_BYTES, committer)) {
            committer.failCommits(new DBException.VolumeIOError("injected volume error"));

            assertThatThrownBy(() -> wal.append(1, bytes("lost")).get())
                    .cause()
                    .isInstanceOf(IOException.class)
                    .hasRootCauseInstanceOf(DBException.VolumeIOError.class);
            assertThat(wal.endOffset()).isZero();
            assertThat(log.messages(Level.ERROR)).hasSize(1);
        }
    }

    @Test
    void truncationIsRefusedAfterAFailedCommit() throws Exception {
        try (LogCapture log = new LogCapture(MapDbLog.class);
                MapDbWal wal = MapDbWal.open(dir, WalFixtures.MAX_RECORD_BYTES, committer)) {
            appendDurably(wal, 1, bytes("a"));
            appendDurably(wal, 1, bytes("b"));
            committer.failCommits(new IOException("injected commit failure"));
            assertThatThrownBy(() -> wal.append(1, bytes("lost")).get()).isInstanceOf(ExecutionException.class);
            committer.failCommits(null);

            // Committing now would also commit the failed batch, still in MapDB's open transaction.
            assertThatThrownBy(() -> wal.truncateSuffix(1)).isInstanceOf(IOException.class)
                    .hasMessageContaining("refuses appends and truncation");
            assertThatThrownBy(() -> wal.deletePrefix(1)).isInstanceOf(IOException.class)
                    .hasMessageContaining("refuses appends and truncation");
            assertThat(wal.startOffset()).isZero();
            assertThat(wal.endOffset()).isEqualTo(2);
            assertThat(log.messages(Level.ERROR)).hasSize(1);
        }
    }

    @Test
    void failedTruncationRefusesLaterAppends() throws Exception {
        try (LogCapture log = new LogCapture(MapDbLog.class);
                MapDbWal wal = MapDbWal.open(dir, WalFixtures.MAX_RECORD_BYTES, committer)) {
            appendDurably(wal, 1, bytes("a"));
            appendDurably(wal, 1, bytes("b"));
            committer.failCommits(new IOException("injected commit failure"));

            assertThatThrownBy(() -> wal.truncateSuffix(1)).isInstanceOf(IOException.class)
                    .hasMessageContaining("removal of the records from offset 1 failed");
            committer.failCommits(null);
            assertThatThrownBy(() -> wal.append(1, bytes("c")).get()).cause().isInstanceOf(IOException.class);
            assertThat(log.messages(Level.ERROR)).hasSize(1);
        }
    }

    @Test
    void reopeningAfterAFailureKeepsWhatWasCommittedAndDropsTheFailedBatch() throws Exception {
        try (LogCapture log = new LogCapture(MapDbLog.class);
                MapDbWal wal = MapDbWal.open(dir, WalFixtures.MAX_RECORD_BYTES, committer)) {
            appendDurably(wal, 1, bytes("durable"));
            committer.failCommits(new IOException("injected commit failure"));
            assertThatThrownBy(() -> wal.append(1, bytes("never committed")).get())
                    .isInstanceOf(ExecutionException.class);
            assertThat(log.messages(Level.ERROR)).hasSize(1);
        }

        try (MapDbWal wal = WalFixtures.open(dir)) {
            assertThat(wal.read(0, 10)).extracting(WalFixtures::text).containsExactly("durable");
            assertThat(appendDurably(wal, 1, bytes("after reopen"))).isEqualTo(1);
        }
    }
}
