package io.quire.wal.file;

import static io.quire.wal.file.WalFixtures.appendDurably;
import static io.quire.wal.file.WalFixtures.bytes;
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
    void concurrentAppendersGetOneTotalOrderAndShareForces() throws Exception {
        Map<String, Long> offsetByPayload = new HashMap<>();
        try (FileWal wal = WalFixtures.open(dir)) {
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
            assertThat(wal.forceCount()).as("forces for %d appends", total).isLessThan(total);
        }
        try (FileWal wal = WalFixtures.open(dir)) {
            assertEveryAcknowledgedRecordReadable(WalFixtures.readAll(wal), offsetByPayload);
        }
    }

    private static List<List<CompletableFuture<Long>>> appendConcurrently(FileWal wal) throws InterruptedException {
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
    void readersAreNotBlockedWhileTheWriterForces() throws Exception {
        FaultyChannels channels = new FaultyChannels();
        try (FileWal wal = FileWal.open(dir, WalFixtures.DEFAULT_LIMITS, channels)) {
            appendDurably(wal, 1, bytes("durable"));
            FaultyChannels.ForceGate gate = channels.holdForces();
            CompletableFuture<Long> pending = wal.append(1, bytes("being forced"));
            await().atMost(Duration.ofSeconds(10)).until(gate::isHolding);

            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                assertThat(wal.endOffset()).isEqualTo(1);
                assertThat(wal.startOffset()).isZero();
                assertThat(wal.lastEpoch()).isEqualTo(1);
                assertThat(wal.read(0, 10)).extracting(WalFixtures::text).containsExactly("durable");
            }, "a reader waited for the force");
            assertThat(pending).isNotDone();

            gate.release();
            assertThat(pending.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(wal.read(0, 10)).extracting(WalFixtures::text).containsExactly("durable", "being forced");
        }
    }

    @Test
    void readsRunConcurrentlyWithAppendsAndSeeOnlyAcknowledgedPrefixes() throws Exception {
        try (FileWal wal = WalFixtures.open(dir)) {
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
