package io.quire.wal.mapdb;

import static io.quire.wal.mapdb.WalFixtures.appendDurably;
import static io.quire.wal.mapdb.WalFixtures.bytes;
import static io.quire.wal.mapdb.WalFixtures.readAll;
import static io.quire.wal.mapdb.WalFixtures.storeFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.quire.spi.wal.WalOffsetOutOfRangeException;
import io.quire.spi.wal.WalRecord;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch's records share one B-tree value, a chunk; every operation works inside a chunk too. */
class ChunkTest {

    private static final int RECORDS = 21;

    @TempDir
    Path dir;

    @Test
    void aBatchIsStoredAsOneChunk() throws Exception {
        List<WalRecord> written;
        try (MapDbWal wal = openWithOneBatch(RECORDS, 100)) {
            written = readAll(wal);
            assertOffsetsAndPayloads(written, 0, RECORDS);
        }
        assertThat(chunkKeys()).as("record 0, held in its commit, then the batch queued behind it")
                .containsExactly(0L, 1L);
        try (MapDbWal wal = WalFixtures.open(dir)) {
            assertThat(readAll(wal)).isEqualTo(written);
            assertThat(wal.read(7, 3)).isEqualTo(written.subList(7, 10));
        }
    }

    @Test
    void aLargeBatchIsSplitIntoChunksOfBoundedSize() throws Exception {
        try (MapDbWal wal = openWithOneBatch(11, 10_000)) {
            assertOffsetsAndPayloads(readAll(wal), 0, 11);
        }
        // 10 records of about 10 KB queued together: three fit in a 32 KiB chunk.
        assertThat(chunkKeys()).containsExactly(0L, 1L, 4L, 7L, 10L);
        try (MapDbWal wal = WalFixtures.open(dir)) {
            assertOffsetsAndPayloads(wal.read(2, 100), 2, 11);
            wal.truncateSuffix(5);
            assertOffsetsAndPayloads(readAll(wal), 0, 5);
        }
        assertThat(chunkKeys()).containsExactly(0L, 1L, 4L);
    }

    @Test
    void truncationInsideAChunkKeepsItsHead() throws Exception {
        try (MapDbWal wal = openWithOneBatch(RECORDS, 100)) {
            wal.truncateSuffix(10);

            assertThat(wal.endOffset()).isEqualTo(10);
            assertThat(wal.lastEpoch()).isEqualTo(epochOf(9));
            assertOffsetsAndPayloads(readAll(wal), 0, 10);
            assertThat(appendDurably(wal, 9, bytes("new leader"))).isEqualTo(10);
        }
        try (LogCapture log = new LogCapture(MapDbLog.class); MapDbWal wal = WalFixtures.open(dir)) {
            assertThat(wal.endOffset()).isEqualTo(11);
            assertOffsetsAndPayloads(wal.read(0, 10), 0, 10);
            assertThat(WalFixtures.text(wal.read(10, 1).get(0))).isEqualTo("new leader");
            assertThat(log.messages(Level.WARN)).isEmpty();
        }
    }

    @Test
    void prefixDeletionInsideAChunkKeepsTheRestOfIt() throws Exception {
        try (MapDbWal wal = openWithOneBatch(RECORDS, 100)) {
            wal.deletePrefix(10);

            assertThat(wal.startOffset()).isEqualTo(10);
            assertOffsetsAndPayloads(readAll(wal), 10, RECORDS);
            assertThatThrownBy(() -> wal.read(9, 1)).isInstanceOf(WalOffsetOutOfRangeException.class);
        }
        try (LogCapture log = new LogCapture(MapDbLog.class); MapDbWal wal = WalFixtures.open(dir)) {
            assertThat(wal.startOffset()).isEqualTo(10);
            assertOffsetsAndPayloads(readAll(wal), 10, RECORDS);
            assertThat(log.messages(Level.WARN)).isEmpty();

            // Truncating everything leaves the kept chunk with records below the start only.
            wal.truncateSuffix(10);
            assertThat(wal.endOffset()).isEqualTo(10);
            assertThat(wal.lastEpoch()).isEqualTo(-1);
        }
        try (LogCapture log = new LogCapture(MapDbLog.class); MapDbWal wal = WalFixtures.open(dir)) {
            assertThat(wal.startOffset()).isEqualTo(10);
            assertThat(wal.endOffset()).isEqualTo(10);
            assertThat(log.messages(Level.WARN)).isEmpty();
            assertThat(appendDurably(wal, 1, bytes("after"))).isEqualTo(10);
            assertThat(readAll(wal)).extracting(WalFixtures::text).containsExactly("after");
        }
        try (MapDbWal wal = WalFixtures.open(dir)) {
            assertThat(readAll(wal)).extracting(WalFixtures::text).containsExactly("after");
        }
    }

    @Test
    void aCorruptRecordInsideAChunkCutsTheLogThere() throws Exception {
        try (MapDbWal wal = openWithOneBatch(RECORDS, 100)) {
            assertThat(wal.endOffset()).isEqualTo(RECORDS);
        }
        byte[] file = Files.readAllBytes(storeFile(dir));
        int position = WalFixtures.indexOf(file, payload(12, 100));
        assertThat(position).as("payload of offset 12 in the store file").isNotNegative();
        try (FileChannel channel = FileChannel.open(storeFile(dir), StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {(byte) ~file[position + 50]}), position + 50);
        }

        try (LogCapture log = new LogCapture(MapDbLog.class); MapDbWal wal = WalFixtures.open(dir)) {
            assertThat(wal.endOffset()).isEqualTo(12);
            assertThat(wal.lastEpoch()).isEqualTo(epochOf(11));
            assertOffsetsAndPayloads(readAll(wal), 0, 12);
            assertThat(log.messages(Level.WARN)).singleElement().asString()
                    .contains("cut corrupt tail at offset 12", "CRC mismatch");
            assertThat(appendDurably(wal, 9, bytes("after the cut"))).isEqualTo(12);
        }
        try (MapDbWal wal = WalFixtures.open(dir)) {
            assertThat(wal.endOffset()).isEqualTo(13);
            assertOffsetsAndPayloads(wal.read(0, 12), 0, 12);
        }
    }

    /** A store written before chunks, with one record per value, is rewritten once, in one commit. */
    @Test
    void aStoreWithOneRecordPerValueIsMigratedOnOpen() throws Exception {
        WalFixtures.open(dir).close();
        StoreFile old = StoreFile.open(storeFile(dir));
        for (int i = 0; i < 5; i++) {
            byte[] chunk = RecordCodec.chunkOf(i, 3, bytes("old-" + i));
            old.records().put((long) i, Arrays.copyOfRange(chunk, Integer.BYTES, chunk.length));
        }
        old.lastEpoch().set(3);
        old.db().atomicInteger("record-format").open().set(1);
        old.db().commit();
        old.close();

        try (LogCapture log = new LogCapture(StoreFile.class); MapDbWal wal = WalFixtures.open(dir)) {
            assertThat(readAll(wal)).extracting(WalFixtures::text)
                    .containsExactly("old-0", "old-1", "old-2", "old-3", "old-4");
            assertThat(wal.lastEpoch()).isEqualTo(3);
            assertThat(log.messages(Level.INFO)).singleElement().asString().contains("rewrote 5 records as chunks");
            assertThat(appendDurably(wal, 3, bytes("new"))).isEqualTo(5);
        }
        try (LogCapture log = new LogCapture(StoreFile.class); MapDbWal wal = WalFixtures.open(dir)) {
            assertThat(readAll(wal)).extracting(WalFixtures::text).endsWith("old-4", "new");
            assertThat(log.messages(Level.INFO)).isEmpty();
        }
    }

    /**
     * Opens a WAL and appends {@code count} records of {@code size} random bytes: the first alone,
     * held in its commit until the others are queued, so that they form one batch. Record {@code i}
     * has epoch {@link #epochOf}.
     */
    private MapDbWal openWithOneBatch(int count, int size) throws Exception {
        FaultyCommitter committer = new FaultyCommitter();
        MapDbWal wal = MapDbWal.open(dir, WalFixtures.MAX_RECORD_BYTES, committer);
        FaultyCommitter.CommitGate gate = committer.holdCommits();
        List<CompletableFuture<Long>> appends = new ArrayList<>();
        appends.add(wal.append(epochOf(0), payload(0, size)));
        await().atMost(Duration.ofSeconds(10)).until(gate::isHolding);
        for (int i = 1; i < count; i++) {
            appends.add(wal.append(epochOf(i), payload(i, size)));
        }
        gate.release();
        for (int i = 0; i < count; i++) {
            assertThat(appends.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i);
        }
        assertThat(wal.commitCount()).as("the held commit and the batch's").isEqualTo(2);
        return wal;
    }

    private static long epochOf(int offset) {
        return 1 + offset / 5;
    }

    private static byte[] payload(int offset, int size) {
        byte[] payload = new byte[size];
        new Random(offset).nextBytes(payload);
        return payload;
    }

    private static void assertOffsetsAndPayloads(List<WalRecord> records, long from, long to) {
        WalFixtures.assertOffsets(records, from, to);
        for (WalRecord record : records) {
            int size = records.get(0).payload().length;
            assertThat(record.epoch()).isEqualTo(epochOf((int) record.offset()));
            assertThat(record.payload()).isEqualTo(payload((int) record.offset(), size));
        }
    }

    private List<Long> chunkKeys() throws Exception {
        StoreFile store = StoreFile.open(storeFile(dir));
        try {
            return new ArrayList<>(store.records().keySet());
        } finally {
            store.close();
        }
    }
}
