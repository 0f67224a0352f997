package io.quire.wal.file;

import static io.quire.wal.file.WalFixtures.appendDurably;
import static io.quire.wal.file.WalFixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed write or force is never reported as success, and the WAL refuses appends after it. */
class DiskFailureTest {

    @TempDir
    Path dir;

    private final FaultyChannels channels = new FaultyChannels();

    @Test
    void failedForceFailsTheAppendAndEveryLaterOne() throws Exception {
        try (LogCapture log = new LogCapture(GroupCommitWriter.class);
                FileWal wal = FileWal.open(dir, WalFixtures.DEFAULT_LIMITS, channels)) {
            appendDurably(wal, 1, bytes("before the fault"));
            channels.failForces(new IOException("injected force failure"));

            CompletableFuture<Long> failed = wal.append(1, bytes("lost"));
            assertThatThrownBy(failed::get)
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("write or force failed")
                    .hasRootCauseMessage("injected force failure");

            channels.failForces(null);
            assertThatThrownBy(() -> wal.append(1, bytes("after the fault")).get())
                    .cause()
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("refuses appends")
                    .hasMessageContaining("injected force failure");
            assertThat(wal.endOffset()).isEqualTo(1);
            assertThat(wal.read(0, 10)).extracting(WalFixtures::text).containsExactly("before the fault");
            assertThat(log.messages(Level.ERROR)).singleElement().asString()
                    .contains("write or force of 1 record(s) failed");
        }
    }

    @Test
    void failedWriteFailsTheAppendAndEveryLaterOne() throws Exception {
        try (LogCapture log = new LogCapture(GroupCommitWriter.class);
                FileWal wal = FileWal.open(dir, WalFixtures.DEFAULT_LIMITS, channels)) {
            channels.failWrites(new IOException("injected write failure"));

            assertThatThrownBy(() -> wal.append(1, bytes("lost")).get())
                    .cause()
                    .hasRootCauseMessage("injected write failure");

            channels.failWrites(null);
            assertThatThrownBy(() -> wal.append(1, bytes("after the fault")).get())
                    .cause()
                    .hasMessageContaining("injected write failure");
            assertThat(wal.endOffset()).isZero();
            assertThat(log.messages(Level.ERROR)).hasSize(1);
        }
    }

    @Test
    void reopeningAfterAFailureRecoversWhatIsOnDisk() throws Exception {
        try (LogCapture log = new LogCapture(GroupCommitWriter.class);
                FileWal wal = FileWal.open(dir, WalFixtures.DEFAULT_LIMITS, channels)) {
            appendDurably(wal, 1, bytes("durable"));
            channels.failForces(new IOException("injected force failure"));
            assertThatThrownBy(() -> wal.append(1, bytes("unknown")).get()).isInstanceOf(ExecutionException.class);
            assertThat(log.messages(Level.ERROR)).hasSize(1);
        }

        try (FileWal wal = WalFixtures.open(dir)) {
            assertThat(wal.read(0, 10)).extracting(WalFixtures::text).startsWith("durable");
            long next = wal.endOffset();
            assertThat(appendDurably(wal, 1, bytes("after reopen"))).isEqualTo(next);
        }
    }

    @Test
    void failedSuffixTruncationRefusesLaterAppendsAndChanges() throws Exception {
        try (FileWal wal = FileWal.open(dir, WalFixtures.DEFAULT_LIMITS, channels)) {
            for (int i = 0; i < 5; i++) {
                appendDurably(wal, 1, bytes("record " + i));
            }
            channels.failForces(new IOException("injected force failure during truncation"));
            assertThatThrownBy(() -> wal.truncateSuffix(2)).isInstanceOf(IOException.class);
            channels.failForces(null);

            assertThatThrownBy(() -> wal.append(1, bytes("after the failed truncation")).get())
                    .cause()
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("refuses")
                    .hasMessageContaining("injected force failure during truncation");
            assertThatThrownBy(() -> wal.truncateSuffix(1))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("reopen the WAL");
        }
        try (FileWal reopened = FileWal.open(dir, WalFixtures.DEFAULT_LIMITS)) {
            assertThat(reopened.read(0, 10)).extracting(WalFixtures::text)
                    .as("recovery decides: the cut may or may not have reached the disk, but nothing else changed")
                    .isSubsetOf("record 0", "record 1", "record 2", "record 3", "record 4")
                    .startsWith("record 0", "record 1");
            appendDurably(reopened, 1, bytes("appends again after reopening"));
        }
    }
}
