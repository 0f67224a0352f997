package io.quire.wal.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two fsync policies: force every batch (the default), or at most every interval. */
class FsyncPolicyTest {

    @TempDir
    Path dir;

    @Test
    void everyBatchPolicyForcesBeforeAnAppendCompletes() throws Exception {
        try (FileWal wal = FileWal.open(dir, new WalLimits(1 << 20, 1 << 20, 0))) {
            for (int i = 0; i < 5; i++) {
                long forcesBefore = wal.forceCount();
                wal.append(1, bytes("r" + i)).get();
                assertThat(wal.forceCount()).as("a force per acknowledged batch").isGreaterThan(forcesBefore);
            }
        }
    }

    @Test
    void intervalPolicyAcknowledgesUnforcedThenForcesWhenTheIntervalEnds() throws Exception {
        int intervalMs = 200;
        try (FileWal wal = FileWal.open(dir, new WalLimits(1 << 20, 1 << 20, intervalMs))) {
            wal.append(1, bytes("first")).get();
            long forcesAfterFirst = wal.forceCount();
            List<CompletableFuture<Long>> quick = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                quick.add(wal.append(1, bytes("quick-" + i)));
            }
            CompletableFuture.allOf(quick.toArray(CompletableFuture[]::new)).get();
            assertThat(wal.forceCount()).as("acknowledged within the interval without a force")
                    .isEqualTo(forcesAfterFirst);
            assertThat(wal.read(0, 100)).hasSize(21);

            await().atMost(Duration.ofSeconds(10)).until(() -> wal.forceCount() > forcesAfterFirst);
        }
        try (FileWal reopened = FileWal.open(dir, WalFixtures.DEFAULT_LIMITS)) {
            assertThat(reopened.endOffset()).isEqualTo(21);
        }
    }

    @Test
    void closeForcesWhatTheIntervalLeftUnforced() throws Exception {
        FileWal wal = FileWal.open(dir, new WalLimits(1 << 20, 1 << 20, 60_000));
        wal.append(1, bytes("a")).get();
        wal.append(1, bytes("b")).get();
        long forces = wal.forceCount();
        wal.close();
        assertThat(wal.forceCount()).isGreaterThan(forces);
        try (FileWal reopened = FileWal.open(dir, WalFixtures.DEFAULT_LIMITS)) {
            assertThat(reopened.read(0, 10)).extracting(r -> new String(r.payload(), StandardCharsets.UTF_8))
                    .containsExactly("a", "b");
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
