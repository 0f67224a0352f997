package io.quire.wal.file;

import static io.quire.wal.file.WalFixtures.appendDurably;
import static io.quire.wal.file.WalFixtures.appendRecords;
import static io.quire.wal.file.WalFixtures.bytes;
import static io.quire.wal.file.WalFixtures.payload;
import static io.quire.wal.file.WalFixtures.readAll;
import static io.quire.wal.file.WalFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quire.spi.wal.MetadataWal.Capability;
import io.quire.spi.wal.WalClosedException;
import io.quire.spi.wal.WalOffsetOutOfRangeException;
import io.quire.spi.wal.WalRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileWalTest {

    @TempDir
    Path dir;

    @Test
    void appendedRecordReadsBackWithItsPayloadEpochAndOffset() throws Exception {
        try (FileWal wal = WalFixtures.open(dir)) {
            long offset = appendDurably(wal, 7, bytes("create topic orders"));

            assertThat(offset).isZero();
            List<WalRecord> records = wal.read(0, 10);
            assertThat(records).hasSize(1);
            assertThat(records.get(0).offset()).isZero();
            assertThat(records.get(0).epoch()).isEqualTo(7);
            assertThat(text(records.get(0))).isEqualTo("create topic orders");
            assertThat(wal.endOffset()).isEqualTo(1);
            assertThat(wal.lastEpoch()).isEqualTo(7);
        }
    }

    @Test
    void offsetsAreDenseAndFollowAppendOrder() throws Exception {
        try (FileWal wal = WalFixtures.open(dir)) {
            List<CompletableFuture<Long>> futures = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                futures.add(wal.append(1, bytes("record-" + i)));
            }

            for (int i = 0; i < 20; i++) {
                assertThat(futures.get(i).get()).isEqualTo(i);
            }
            List<WalRecord> records = wal.read(0, 100);
            WalFixtures.assertOffsets(records, 0, 20);
            assertThat(records).extracting(WalFixtures::text).startsWith("record-0", "record-1", "record-2");
        }
    }

    @Test
    void readHonoursFromOffsetAndMaxRecords() throws Exception {
        try (FileWal wal = WalFixtures.open(dir)) {
            appendRecords(wal, 1, 10);

            WalFixtures.assertOffsets(wal.read(3, 4), 3, 7);
            assertThat(wal.read(10, 5)).isEmpty();
            assertThat(wal.read(4, 0)).isEmpty();
        }
    }

    @Test
    void readOutsideTheRangeIsRefused() throws Exception {
        try (FileWal wal = WalFixtures.open(dir)) {
            appendRecords(wal, 1, 3);

            assertThatThrownBy(() -> wal.read(4, 1))
                    .isInstanceOfSatisfying(WalOffsetOutOfRangeException.class, e -> {
                        assertThat(e.requested()).isEqualTo(4);
                        assertThat(e.startOffset()).isZero();
                        assertThat(e.endOffset()).isEqualTo(3);
                    });
            assertThatThrownBy(() -> wal.read(-1, 1)).isInstanceOf(WalOffsetOutOfRangeException.class);
        }
    }

    @Test
    void reopenKeepsEveryRecordAndTheEpoch() throws Exception {
        try (FileWal wal = WalFixtures.open(dir)) {
            appendRecords(wal, 2, 5);
            appendDurably(wal, 3, bytes("in epoch 3"));
        }

        try (FileWal wal = WalFixtures.open(dir)) {
            assertThat(wal.startOffset()).isZero();
            assertThat(wal.endOffset()).isEqualTo(6);
            assertThat(wal.lastEpoch()).isEqualTo(3);
            List<WalRecord> records = readAll(wal);
            assertThat(records).extracting(WalRecord::epoch).containsExactly(2L, 2L, 2L, 2L, 2L, 3L);
            assertThat(text(records.get(5))).isEqualTo("in epoch 3");
            assertThat(appendDurably(wal, 3, bytes("after reopen"))).isEqualTo(6);
        }
    }

    @Test
    void recordsOfOneByteAndOneMebibyteRoundTripAcrossReopen() throws Exception {
        byte[] tiny = {42};
        byte[] large = payload(1 << 20, 5);
        try (FileWal wal = WalFixtures.open(dir)) {
            appendDurably(wal, 1, tiny);
            appendDurably(wal, 1, large);
            appendDurably(wal, 1, new byte[0]);

            assertThat(wal.read(0, 3)).extracting(WalRecord::payload).containsExactly(tiny, large, new byte[0]);
        }
        try (FileWal wal = WalFixtures.open(dir)) {
            assertThat(wal.read(0, 3)).extracting(WalRecord::payload).containsExactly(tiny, large, new byte[0]);
        }
    }

    @Test
    void emptyWalOpensAndReopensEmpty() throws Exception {
        try (FileWal wal = WalFixtures.open(dir)) {
            assertEmpty(wal);
        }
        assertThat(dir.resolve("00000000000000000000.wal")).exists();

        try (FileWal wal = WalFixtures.open(dir)) {
            assertEmpty(wal);
            assertThat(appendDurably(wal, 1, bytes("first"))).isZero();
        }
    }

    private static void assertEmpty(FileWal wal) throws Exception {
        assertThat(wal.startOffset()).isZero();
        assertThat(wal.endOffset()).isZero();
        assertThat(wal.lastEpoch()).isEqualTo(-1);
        assertThat(wal.read(0, 10)).isEmpty();
        assertThatThrownBy(() -> wal.read(1, 10)).isInstanceOf(WalOffsetOutOfRangeException.class);
    }

    @Test
    void recordLargerThanMaxRecordBytesIsRefused() throws Exception {
        try (FileWal wal = FileWal.open(dir, new WalLimits(1 << 20, 1024, 0))) {
            CompletableFuture<Long> tooLarge = wal.append(1, new byte[1025]);

            assertThatThrownBy(tooLarge::get)
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("1025 bytes")
                    .hasMessageContaining("max-record-bytes (1024)");
            assertThat(appendDurably(wal, 1, new byte[1024])).isZero();
        }
    }

    @Test
    void appendWithAnEpochOlderThanTheLastIsRefused() throws Exception {
        try (FileWal wal = WalFixtures.open(dir)) {
            appendDurably(wal, 5, bytes("epoch 5"));

            assertThatThrownBy(() -> wal.append(4, bytes("stale leader")).get())
                    .cause()
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("epoch 4 is older than the epoch 5");
            assertThat(appendDurably(wal, 6, bytes("epoch 6"))).isEqualTo(1);
        }
    }

    @Test
    void bothCapabilitiesAreOffered() throws Exception {
        try (FileWal wal = WalFixtures.open(dir)) {
            assertThat(wal.capabilities())
                    .containsExactlyInAnyOrder(Capability.SUFFIX_TRUNCATION, Capability.PREFIX_DELETION);
        }
    }

    @Test
    void everyCallAfterCloseFailsWithWalClosedException() throws Exception {
        FileWal wal = WalFixtures.open(dir);
        appendRecords(wal, 1, 2);
        wal.close();
        wal.close();

        assertThatThrownBy(() -> wal.append(1, bytes("late")).get())
                .cause()
                .isInstanceOf(WalClosedException.class);
        assertThatThrownBy(() -> wal.read(0, 1)).isInstanceOf(WalClosedException.class);
        assertThatThrownBy(wal::startOffset).isInstanceOf(WalClosedException.class);
        assertThatThrownBy(wal::endOffset).isInstanceOf(WalClosedException.class);
        assertThatThrownBy(wal::lastEpoch).isInstanceOf(WalClosedException.class);
        assertThatThrownBy(() -> wal.truncateSuffix(0)).isInstanceOf(WalClosedException.class);
        assertThatThrownBy(() -> wal.deletePrefix(1)).isInstanceOf(WalClosedException.class);
        assertThatThrownBy(wal::capabilities).isInstanceOf(WalClosedException.class);
    }

    @Test
    void closeLetsQueuedAppendsFinishAndStopsTheWriterThread() throws Exception {
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        try (FileWal wal = WalFixtures.open(dir)) {
            for (int i = 0; i < 200; i++) {
                futures.add(wal.append(1, bytes("queued-" + i)));
            }
        }

        assertThat(futures).allSatisfy(future -> assertThat(future).isCompletedWithValueMatching(o -> o >= 0));
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(thread -> thread.getName().equals(GroupCommitWriter.THREAD_NAME) && thread.isAlive());
        try (FileWal wal = WalFixtures.open(dir)) {
            assertThat(wal.endOffset()).isEqualTo(200);
        }
    }

    @Test
    void filesOtherThanSegmentsAreIgnored() throws Exception {
        Files.writeString(dir.resolve("README"), "not a segment");
        try (FileWal wal = WalFixtures.open(dir)) {
            appendRecords(wal, 1, 2);
        }
        try (FileWal wal = WalFixtures.open(dir)) {
            assertThat(wal.endOffset()).isEqualTo(2);
        }
    }
}
