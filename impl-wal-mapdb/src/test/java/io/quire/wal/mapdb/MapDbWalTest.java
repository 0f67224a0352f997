package io.quire.wal.mapdb;

import static io.quire.wal.mapdb.WalFixtures.appendDurably;
import static io.quire.wal.mapdb.WalFixtures.appendRecords;
import static io.quire.wal.mapdb.WalFixtures.bytes;
import static io.quire.wal.mapdb.WalFixtures.payload;
import static io.quire.wal.mapdb.WalFixtures.readAll;
import static io.quire.wal.mapdb.WalFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quire.spi.wal.MetadataWal.Capability;
import io.quire.spi.wal.WalClosedException;
import io.quire.spi.wal.WalOffsetOutOfRangeException;
import io.quire.spi.wal.WalRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapDbWalTest {

    @TempDir
    Path dir;

    @Test
    void appendedRecordReadsBackWithItsPayloadEpochAndOffset() throws Exception {
        try (MapDbWal wal = WalFixtures.open(dir)) {
            long offset = appendDurably(wal, 7, bytes("create topic orders"));

            assertThat(offset).isZero();
            List<WalRecord> records = wal.read(0, 10);
            assertThat(records).containsExactly(new WalRecord(7, 0, bytes("create topic orders")));
            assertThat(wal.endOffset()).isEqualTo(1);
            assertThat(wal.lastEpoch()).isEqualTo(7);
        }
    }

    @Test
    void offsetsAreDenseAndFollowAppendOrder() throws Exception {
        try (MapDbWal wal = WalFixtures.open(dir)) {
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
        try (MapDbWal wal = WalFixtures.open(dir)) {
            appendRecords(wal, 1, 10);

            WalFixtures.assertOffsets(wal.read(3, 4), 3, 7);
            assertThat(wal.read(10, 5)).isEmpty();
            assertThat(wal.read(4, 0)).isEmpty();
            assertThatThrownBy(() -> wal.read(0, -1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void readOutsideTheRangeIsRefused() throws Exception {
        try (MapDbWal wal = WalFixtures.open(dir)) {
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
        try (MapDbWal wal = WalFixtures.open(dir)) {
            appendRecords(wal, 2, 5);
            appendDurably(wal, 3, bytes("in epoch 3"));
        }

        try (MapDbWal wal = WalFixtures.open(dir)) {
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
    void emptyOneByteAndLargestRecordsRoundTripAcrossReopen() throws Exception {
        byte[] tiny = {42};
        byte[] largest = payload(WalFixtures.MAX_RECORD_BYTES, 5);
        try (MapDbWal wal = WalFixtures.open(dir)) {
            appendDurably(wal, 1, tiny);
            appendDurably(wal, 1, largest);
            appendDurably(wal, 1, new byte[0]);

            assertThat(wal.read(0, 3)).extracting(WalRecord::payload).containsExactly(tiny, largest, new byte[0]);
        }
        try (MapDbWal wal = WalFixtures.open(dir)) {
            assertThat(wal.read(0, 3)).extracting(WalRecord::payload).containsExactly(tiny, largest, new byte[0]);
        }
    }

    @Test
    void emptyWalOpensAndReopensEmpty() throws Exception {
        try (MapDbWal wal = WalFixtures.open(dir)) {
            assertEmpty(wal);
        }
        assertThat(WalFixtures.storeFile(dir)).exists();

        try (MapDbWal wal = WalFixtures.open(dir)) {
            assertEmpty(wal);
            assertThat(appendDurably(wal, 1, bytes("first"))).isZero();
        }
    }

    private static void assertEmpty(MapDbWal wal) throws Exception {
        assertThat(wal.startOffset()).isZero();
        assertThat(wal.endOffset()).isZero();
        assertThat(wal.lastEpoch()).isEqualTo(-1);
        assertThat(wal.read(0, 10)).isEmpty();
        assertThatThrownBy(() -> wal.read(1, 10)).isInstanceOf(WalOffsetOutOfRangeException.class);
    }

    @Test
    void recordLargerThanMaxRecordBytesIsRefused() throws Exception {
        try (MapDbWal wal = MapDbWal.open(dir, 1024)) {
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
    void appendWithAnEpochOlderThanTheLastIsRefusedAndTakesNoOffset() throws Exception {
        try (MapDbWal wal = WalFixtures.open(dir)) {
            appendDurably(wal, 5, bytes("epoch 5"));

            assertThatThrownBy(() -> wal.append(4, bytes("stale leader")).get())
                    .cause()
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("epoch 4 is older than the epoch 5");
            assertThat(appendDurably(wal, 6, bytes("epoch 6"))).isEqualTo(1);
        }
    }

    @Test
    void staleEpochIsRefusedWithinOneBatchToo() throws Exception {
        try (MapDbWal wal = WalFixtures.open(dir)) {
            CompletableFuture<Long> newer = wal.append(3, bytes("epoch 3"));
            CompletableFuture<Long> stale = wal.append(2, bytes("epoch 2"));
            CompletableFuture<Long> same = wal.append(3, bytes("epoch 3 again"));

            assertThat(newer.get()).isZero();
            assertThatThrownBy(stale::get).cause().isInstanceOf(IllegalArgumentException.class);
            assertThat(same.get()).isEqualTo(1);
            assertThat(wal.read(0, 10)).extracting(WalFixtures::text).containsExactly("epoch 3", "epoch 3 again");
        }
    }

    @Test
    void negativeEpochAndNullPayloadAreRefused() throws Exception {
        try (MapDbWal wal = WalFixtures.open(dir)) {
            assertThatThrownBy(() -> wal.append(-1, bytes("x")).get())
                    .cause()
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("negative epoch -1");
            assertThatThrownBy(() -> wal.append(1, null).get()).cause().isInstanceOf(NullPointerException.class);
            assertThat(wal.endOffset()).isZero();
        }
    }

    @Test
    void interruptedCallersDoNotBreakTheStore() throws Exception {
        try (MapDbWal wal = WalFixtures.open(dir)) {
            appendRecords(wal, 1, 3);

            Thread.currentThread().interrupt();
            try {
                assertThat(wal.read(0, 3)).hasSize(3);
                wal.truncateSuffix(2);
            } finally {
                assertThat(Thread.interrupted()).as("the interrupt is left to its owner").isTrue();
            }

            assertThat(appendDurably(wal, 1, bytes("after the interrupt"))).isEqualTo(2);
            assertThat(wal.read(0, 3)).extracting(WalFixtures::text).containsExactly("record-0", "record-1",
                    "after the interrupt");
        }
    }

    @Test
    void bothCapabilitiesAreOffered() throws Exception {
        try (MapDbWal wal = WalFixtures.open(dir)) {
            assertThat(wal.capabilities())
                    .containsExactlyInAnyOrder(Capability.SUFFIX_TRUNCATION, Capability.PREFIX_DELETION);
        }
    }

    @Test
    void everyCallAfterCloseFailsWithWalClosedException() throws Exception {
        MapDbWal wal = WalFixtures.open(dir);
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
    void closeLetsQueuedAppendsFinishStopsTheWriterThreadAndReleasesTheStore() throws Exception {
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        try (MapDbWal wal = WalFixtures.open(dir)) {
            for (int i = 0; i < 200; i++) {
                futures.add(wal.append(1, bytes("queued-" + i)));
            }
        }

        assertThat(futures).allSatisfy(future -> assertThat(future).isCompletedWithValueMatching(o -> o >= 0));
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(thread -> thread.getName().equals(GroupCommitWriter.THREAD_NAME) && thread.isAlive());
        try (MapDbWal wal = WalFixtures.open(dir)) {
            assertThat(wal.endOffset()).isEqualTo(200);
        }
    }

    @Test
    void closeFromACompletionCallbackOnTheWriterThreadDoesNotDeadlock() throws Exception {
        MapDbWal wal = WalFixtures.open(dir);
        CompletableFuture<Void> closedInCallback = wal.append(1, bytes("last")).thenAccept(offset -> wal.close());

        closedInCallback.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(wal::endOffset).isInstanceOf(WalClosedException.class);
        try (MapDbWal reopened = WalFixtures.open(dir)) {
            assertThat(reopened.endOffset()).isEqualTo(1);
        }
    }
}
