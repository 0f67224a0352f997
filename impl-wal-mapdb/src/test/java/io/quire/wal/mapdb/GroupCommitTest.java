package io.quire.wal.mapdb;

import static io.quire.wal.mapdb.WalFixtures.appendDurably;
import static io.quire.wal.mapdb.WalFixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.quire.spi.wal.WalRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitTest {

    private static final int THREADS = 32;
    private static final int APPENDS_PER_THREAD = 50;

    @TempDir
    Path dir;

    @Test
    void concurrentAppendersGetOneTotalOrderAndShareCommits() throws Exception {
        Map<String, Long> offsetByPayload = new HashMap<>();
        try (MapDbWal wal = WalFixtures.open(dir)) {
            long commitsBefore = wal.commitCount();
            List<List<CompletableFuture<Long>>> futuresByThread = appendConcurrently(wal);
            int total = THREADS * APPENDS_PER_THREAD;

            Set<Long> offsets = new HashSet<>();
            for (int t = 0; t < THREADS; t++) {
                long previous = -1;
                for (int i = 0; i < APPENDS_PER_THREAD; i++) {
                    long offset = futuresByThread.get(t).get(i).get(10, TimeUnit.SECONDS);
                    assertThat(offset).as("one thread's appends keep their order").isGreaterThan(previous);
                    previous = offset;
                    offsets.add(offset);
                    offsetByPayload.put(payloadText(t, i), offset);
                }
            }
            assertThat(offsets).hasSize(total).allMatch(offset -> offset >= 0 && offset < total);
            assertThat(wal.endOffset()).isEqualTo(total);
            assertEveryAcknowledgedRecordReadable(wal.read(0, total), offsetByPayload);
            assertThat(wal.commitCount() - commitsBefore).as("commits for %d appends", total).isLessThan(total);
        }
        try (MapDbWal wal = WalFixtures.open(dir)) {
            assertEveryAcknowledgedRecordReadable(WalFixtures.readAll(wal), offsetByPayload);
        }
    }

    private static List<List<CompletableFuture<Long>>> appendConcurrently(MapDbWal wal) throws InterruptedException {
        List<List<CompletableFuture<Long>>> futuresByThread = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            List<CompletableFuture<Long>> futures = new ArrayList<>();
            futuresByThread.add(futures);
            int thread = t;
            threads.add(new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < APPENDS_PER_THREAD; i++) {
                    futures.add(wal.append(1, bytes(payloadText(thread, i))));
                }
            }, "appender-" + t));
        }
        threads.forEach(Thread::start);
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        return futuresByThread;
    }

    private static void assertEveryAcknowledgedRecordReadable(List<WalRecord> records, Map<String, Long> offsetByPayload) {
        assertThat(records).hasSize(offsetByPayload.size());
        for (WalRecord record : records) {
            String payload = new String(record.payload(), StandardCharsets.UTF_8);
            assertThat(offsetByPayload).containsEntry(payload, record.offset());
        }
    }

    private static String payloadText(int thread, int index) {
        return "thread-" + thread + "-append-" + index;
    }

    @Test
    void appendsArrivingDuringACommitShareTheNextOne() throws Exception {
        FaultyCommitter committer = new FaultyCommitter();
        try (MapDbWal wal = MapDbWal.open(dir, WalFixtures.MAX_RECORD_BYTES, committer)) {
            FaultyCommitter.CommitGate gate = committer.holdCommits();
            CompletableFuture<Long> first = wal.append(1, bytes("first"));
            await().atMost(Duration.ofSeconds(10)).until(gate::isHolding);
            long commitsBefore = wal.commitCount();
            List<CompletableFuture<Long>> queued = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                queued.add(wal.append(1, bytes("queued-" + i)));
            }

            gate.release();

            assertThat(first.get(10, TimeUnit.SECONDS)).isZero();
            for (int i = 0; i < queued.size(); i++) {
                assertThat(queued.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i + 1);
            }
            assertThat(wal.commitCount() - commitsBefore).as("the held commit and one for the queued batch")
                    .isEqualTo(2);
        }
    }

    /**
     * The WAL's own locks never make a reader wait for a batch's commit. (Inside MapDB's
     * {@code DB.commit()} a read that reaches the store waits for MapDB's segment locks; that part
     * is MapDB's and is not held here.)
     */
    @Test
    void offsetQueriesAndReadsDoNotWaitForABatchThatIsCommitting() throws Exception {
        FaultyCommitter committer = new FaultyCommitter();
        try (MapDbWal wal = MapDbWal.open(dir, WalFixtures.MAX_RECORD_BYTES, committer)) {
            appendDurably(wal, 1, bytes("durable"));
            FaultyCommitter.CommitGate gate = committer.holdCommits();
            CompletableFuture<Long> pending = wal.append(2, bytes("being committed"));
            await().atMost(Duration.ofSeconds(10)).until(gate::isHolding);

            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                assertThat(wal.endOffset()).isEqualTo(1);
                assertThat(wal.startOffset()).isZero();
                assertThat(wal.lastEpoch()).as("the epoch of the last durable record").isEqualTo(1);
                assertThat(wal.read(0, 10)).extracting(WalFixtures::text).containsExactly("durable");
            }, "a reader waited for the commit");
            assertThat(pending).isNotDone();

            gate.release();
            assertThat(pending.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(wal.lastEpoch()).isEqualTo(2);
            assertThat(wal.read(0, 10)).extracting(WalFixtures::text).containsExactly("durable", "being committed");
        }
    }

    @Test
    void readsRunConcurrentlyWithAppendsAndSeeOnlyAcknowledgedPrefixes() throws Exception {
        try (MapDbWal wal = WalFixtures.open(dir)) {
            AtomicBoolean appending = new AtomicBoolean(true);
            AtomicReference<Throwable> readerFailure = new AtomicReference<>();
            Thread reader = new Thread(() -> {
                try {
                    while (appending.get()) {
                        List<WalRecord> records = wal.read(0, Integer.MAX_VALUE);
                        WalFixtures.assertOffsets(records, 0, records.size());
                    }
                } catch (Throwable e) {
                    readerFailure.set(e);
                }
            }, "reader");
            reader.start();
            List<CompletableFuture<Long>> futures = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                futures.add(wal.append(1, bytes("record-" + i)));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
            appending.set(false);
            reader.join();

            assertThat(readerFailure.get()).isNull();
            assertThat(wal.read(0, 1000)).hasSize(300);
        }
    }
}
