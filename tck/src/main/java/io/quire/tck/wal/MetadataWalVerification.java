package io.quire.tck.wal;

import static io.quire.tck.wal.WalAssertions.assertClosed;
import static io.quire.tck.wal.WalAssertions.assertEmpty;
import static io.quire.tck.wal.WalAssertions.assertGenuineAndUnique;
import static io.quire.tck.wal.WalAssertions.assertLog;
import static io.quire.tck.wal.WalAssertions.assertOutOfRange;
import static io.quire.tck.wal.WalAssertions.recordAt;
import static io.quire.tck.wal.WalRule.WAL01;
import static io.quire.tck.wal.WalRule.WAL02;
import static io.quire.tck.wal.WalRule.WAL03;
import static io.quire.tck.wal.WalRule.WAL04;
import static io.quire.tck.wal.WalRule.WAL05;
import static io.quire.tck.wal.WalRule.WAL06;
import static io.quire.tck.wal.WalRule.WAL07;
import static io.quire.tck.wal.WalRule.WAL08;
import static io.quire.tck.wal.WalRule.WAL09;
import static io.quire.tck.wal.WalRule.WAL10;
import static io.quire.tck.wal.WalRule.WAL11;
import static io.quire.tck.wal.WalRule.WAL12;
import static io.quire.tck.wal.WalRule.WAL13;
import static io.quire.tck.wal.WalRule.WAL14;
import static io.quire.tck.wal.WalRule.WAL15;
import static io.quire.tck.wal.WalRule.WAL16;
import static io.quire.tck.wal.WalRule.WAL17;
import static io.quire.tck.wal.WalRule.WAL18;
import static io.quire.tck.wal.WalRule.WAL19;
import static io.quire.tck.wal.WalRule.WAL20;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.quire.spi.wal.MetadataWal;
import io.quire.spi.wal.MetadataWal.Capability;
import io.quire.spi.wal.WalClosedException;
import io.quire.spi.wal.WalProvider;
import io.quire.spi.wal.WalRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance suite of the metadata WAL SPI: every rule of the {@link MetadataWal} contract,
 * numbered in the kit's {@code RULES.md}, as one test named after its number and strength
 * ({@code required_wal03_...}, {@code optional_wal09_...}). A failure message starts with the rule
 * it broke.
 *
 * <h2>Binding a plugin</h2>
 * A plugin's test sources extend this class and name the provider:
 * <pre>{@code
 * class MyWalConformanceTest extends MetadataWalVerification {
 *     @Override
 *     protected WalProvider provider() {
 *         return new MyWalProvider();
 *     }
 * }
 * }</pre>
 *
 * <h2>What the kit expects of the plugin and its build</h2>
 * <ul>
 *   <li>The provider class is public with a public no-argument constructor, as
 *       {@link java.util.ServiceLoader} requires: rule wal03 instantiates it by class name in a
 *       separate JVM (started from {@code java.home} with the test's {@code java.class.path}), with
 *       the same {@link #settings()}. Whatever {@link #provider()} configures beyond its class and
 *       settings does not reach that JVM, and the plugin's tests must run on the class path (Surefire's
 *       {@code useModulePath=false}, as in this build), which is all that JVM is given.
 *   <li>Settings use the names the provider declares in {@code configKeys()}, relative to its
 *       prefix ({@code "segment-bytes"}, not {@code "wal.file.segment-bytes"}); an undeclared name or
 *       a value that does not parse fails every rule at once. Choose small segments or files
 *       (64 KiB, say), so that the rules about rolling and prefix deletion have files to work on,
 *       and a record limit of at least 1 MiB (rule wal12).
 *   <li>Every rule opens WALs with {@code provider().create(context)} over a fresh temporary
 *       directory (node id 1); reopening means closing and creating again over the same directory.
 *       The kit closes whatever a rule left open.
 *   <li>Optional capabilities are read from {@link MetadataWal#capabilities()}; the rules of a
 *       capability the WAL lacks are skipped, never failed. Rule wal19 needs root (it mounts a
 *       1 MiB tmpfs) and is skipped, with the reason, where mounting is refused; rule wal20 is
 *       skipped unless {@link #openWalWhoseForceFails} is implemented.
 *   <li>The suite runs in seconds on a healthy disk and within about half a minute on a slow,
 *       two-core CI machine; every wait in it is bounded.
 * </ul>
 */
@TestMethodOrder(MethodOrderer.MethodName.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
public abstract class MetadataWalVerification {

    private static final long EPOCH = 1;
    private static final int CONCURRENT_WRITERS = 8;
    private static final Duration CONCURRENT_TIMEOUT = Duration.ofSeconds(60);
    private static final int CRASH_WRITERS = 4;
    private static final int CRASH_ACKS = 200;
    private static final Duration CRASH_TIMEOUT = Duration.ofSeconds(40);
    private static final int MEBIBYTE = 1 << 20;
    private static final int FULL_DISK_RECORD_BYTES = 16 << 10;

    @TempDir
    Path tempDir;

    private OpenedWals wals;

    /**
     * The plugin under test. Called once per rule; a new instance each time is fine, as the
     * launcher too creates the provider it selects.
     */
    protected abstract WalProvider provider();

    /**
     * The plugin's settings: key names relative to the plugin's prefix, mapped to values written as
     * a user would write them after {@code --set}. Keys left out take their defaults.
     */
    protected Map<String, String> settings() {
        return Map.of();
    }

    /**
     * Opens the plugin's WAL over {@code dir}, which holds a closed WAL the kit wrote, such that
     * it opens normally but every force it issues from now on fails (through a test seam of the
     * plugin, since a healthy disk never fails a force). Rule wal20 is skipped when this returns
     * empty, as it does unless overridden. The kit closes the returned WAL.
     */
    protected Optional<MetadataWal> openWalWhoseForceFails(Path dir) throws IOException {
        return Optional.empty();
    }

    @BeforeEach
    void prepareWals() {
        wals = new OpenedWals(provider(), settings());
    }

    @AfterEach
    void closeWalsLeftOpen() {
        wals.closeAll();
    }

    @Test
    void required_wal01_denseOffsetsInAppendOrder() throws Exception {
        MetadataWal wal = wals.open(newDataDir());
        List<WalRecord> written = new ArrayList<>();
        List<CompletableFuture<Long>> pipelined = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            byte[] payload = Payloads.of(0, i);
            written.add(new WalRecord(EPOCH, i, payload));
            pipelined.add(Appends.start(WAL01, wal, EPOCH, payload));
        }
        for (int i = 0; i < pipelined.size(); i++) {
            assertThat(Appends.offsetOf(WAL01, pipelined.get(i)))
                    .as(WAL01.that("offset of append #%d, issued without waiting for the ones before", i))
                    .isEqualTo(i);
        }
        for (int i = 100; i < 120; i++) {
            byte[] payload = Payloads.of(0, i);
            written.add(new WalRecord(EPOCH, i, payload));
            assertThat(Appends.durably(WAL01, wal, EPOCH, payload))
                    .as(WAL01.that("offset of append #%d, issued after the one before completed", i))
                    .isEqualTo(i);
        }
        assertLog(WAL01, wal, "after 120 appends", written, EPOCH);
    }

    @Test
    void required_wal02_completedAppendIsDurable() throws Exception {
        Path dir = newDataDir();
        MetadataWal wal = wals.open(dir);
        List<WalRecord> written = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            long epoch = 1 + i / 10;
            byte[] payload = Payloads.of(0, i);
            long offset = Appends.durably(WAL02, wal, epoch, payload);
            WalRecord record = new WalRecord(epoch, offset, payload);
            written.add(record);
            assertThat(wal.endOffset()).as(WAL02.that("endOffset once the append at %d completed", offset))
                    .isGreaterThan(offset);
            assertThat(wal.read(offset, 1)).as(WAL02.that("read(%d, 1) once its append completed", offset))
                    .containsExactly(record);
        }
        // Twice: recovery must leave a log that the next recovery reads the same way.
        for (int reopen = 1; reopen <= 2; reopen++) {
            wal = wals.reopen(wal, dir);
            assertLog(WAL02, wal, "after reopen #" + reopen, written, 4);
        }
        assertThat(Appends.durably(WAL02, wal, 4, Payloads.of(0, 40)))
                .as(WAL02.that("offset of the first append after reopening")).isEqualTo(40);
    }

    @Test
    void required_wal03_acknowledgedRecordsSurviveKillOfTheAppendingProcess() throws Exception {
        Path dir = newDataDir();
        List<AckLine> acks;
        try (AppendingChild child = AppendingChild.start(provider().getClass(), settings(), dir, EPOCH,
                CRASH_WRITERS, tempDir.resolve("wal03-child-stderr.txt"))) {
            child.awaitAcks(WAL03, CRASH_ACKS, CRASH_TIMEOUT);
            acks = child.kill(WAL03);
        }

        MetadataWal wal = wals.open(dir);
        long start = wal.startOffset();
        List<WalRecord> log = LogReads.all(WAL03, wal);
        assertThat(acks).extracting(AckLine::offset).as(WAL03.that("offsets acknowledged by the killed process"))
                .doesNotHaveDuplicates();
        for (AckLine ack : acks) {
            WalRecord record = recordAt(WAL03, log, start, ack.offset(), "acknowledged by the killed process");
            assertThat(AckLine.of(record.offset(), record.epoch(), record.payload()))
                    .as(WAL03.that("the record at acknowledged offset %d (offset, epoch, payload digest)", ack.offset()))
                    .isEqualTo(ack);
        }
        assertGenuineAndUnique(WAL03, log, EPOCH);

        long next = wal.endOffset();
        byte[] payload = Payloads.of(CRASH_WRITERS, 0);
        assertThat(Appends.durably(WAL03, wal, EPOCH, payload))
                .as(WAL03.that("offset of the first append after the crash")).isEqualTo(next);
        assertThat(wal.read(next, 1)).as(WAL03.that("the record appended after the crash"))
                .containsExactly(new WalRecord(EPOCH, next, payload));
    }

    @Test
    void required_wal04_tornTailIsCutAndNeverReturned() throws Exception {
        assertDamagedTailIsCut(WAL04, newest -> TailCorruption.truncate(newest, 5));
    }

    @Test
    void required_wal05_corruptTailIsCutAndNeverReturned() throws Exception {
        assertDamagedTailIsCut(WAL05, newest -> TailCorruption.flipByte(newest, 3));
    }

    @Test
    void required_wal06_readsFromAnyOffset() throws Exception {
        MetadataWal wal = wals.open(newDataDir());
        List<WalRecord> written = appendRecords(WAL06, wal, 30);
        for (int from = 0; from <= written.size(); from++) {
            for (int max : new int[] {1, 7, Integer.MAX_VALUE}) {
                List<WalRecord> batch = wal.read(from, max);
                if (from == written.size()) {
                    assertThat(batch).as(WAL06.that("read(%d, %d) at the end", from, max)).isEmpty();
                } else {
                    LogReads.check(WAL06, batch, from, max);
                    assertThat(batch).as(WAL06.that("read(%d, %d)", from, max))
                            .containsExactlyElementsOf(written.subList(from, from + batch.size()));
                }
            }
        }
        assertOutOfRange(WAL06, "read(31, 1) above the end", 31, () -> wal.read(31, 1));
        assertOutOfRange(WAL06, "read(-1, 1) below the start", -1, () -> wal.read(-1, 1));
    }

    @Test
    void required_wal07_readsDuringAppendsSeeOnlyDurableCorrectRecords() throws Exception {
        Path dir = newDataDir();
        MetadataWal wal = wals.open(dir);
        int perWriter = 40;
        int total = CONCURRENT_WRITERS * perWriter;
        Map<Long, byte[]> acknowledged = new ConcurrentHashMap<>();
        List<WalRecord> seen = new ArrayList<>();
        Semaphore acks = new Semaphore(0);
        Workers.run(WAL07, CONCURRENT_WRITERS + 1, CONCURRENT_TIMEOUT, worker -> {
            if (worker == CONCURRENT_WRITERS) {
                seen.addAll(tail(wal, total, acks));
                return;
            }
            for (int seq = 0; seq < perWriter; seq++) {
                byte[] payload = Payloads.of(worker, seq);
                acknowledged.put(Appends.durably(WAL07, wal, EPOCH, payload), payload);
                acks.release();
            }
        });

        assertThat(acknowledged).as(WAL07.that("distinct offsets acknowledged")).hasSize(total);
        for (WalRecord record : seen) {
            assertThat(record.payload())
                    .as(WAL07.that("the record read at offset %d while appends went on is the one acknowledged there",
                            record.offset()))
                    .isEqualTo(acknowledged.get(record.offset()));
        }
        MetadataWal reopened = wals.reopen(wal, dir);
        assertThat(LogReads.all(WAL07, reopened))
                .as(WAL07.that("the reopened log holds every record read while appends went on"))
                .containsExactlyElementsOf(seen);
    }

    @Test
    void required_wal08_concurrentAppendsKeepOneTotalOrder() throws Exception {
        MetadataWal wal = wals.open(newDataDir());
        int rounds = 25;
        long[][] offsets = new long[CONCURRENT_WRITERS][rounds];
        CyclicBarrier nextRound = new CyclicBarrier(CONCURRENT_WRITERS);
        Workers.run(WAL08, CONCURRENT_WRITERS, CONCURRENT_TIMEOUT, writer -> {
            for (int round = 0; round < rounds; round++) {
                // In rounds, so that appends overlap within a round and every writer's records
                // interleave with every other writer's: a WAL that orders by writer cannot hide.
                nextRound.await(Appends.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                offsets[writer][round] = Appends.durably(WAL08, wal, EPOCH, Payloads.of(writer, round));
            }
        });

        Map<Long, byte[]> acknowledged = new HashMap<>();
        for (int writer = 0; writer < CONCURRENT_WRITERS; writer++) {
            for (int round = 0; round < rounds; round++) {
                assertThat(acknowledged.put(offsets[writer][round], Payloads.of(writer, round)))
                        .as(WAL08.that("offset %d was acknowledged to two appends", offsets[writer][round])).isNull();
            }
        }
        int total = CONCURRENT_WRITERS * rounds;
        assertThat(acknowledged.keySet()).as(WAL08.that("the acknowledged offsets must be dense"))
                .containsExactlyInAnyOrderElementsOf(LongStream.range(0, total).boxed().toList());
        List<WalRecord> log = LogReads.all(WAL08, wal);
        assertThat(log).as(WAL08.that("records in the log after %d acknowledged appends", total)).hasSize(total);
        for (WalRecord record : log) {
            assertThat(record.payload())
                    .as(WAL08.that("the record at offset %d is the one whose append was acknowledged with %d",
                            record.offset(), record.offset()))
                    .isEqualTo(acknowledged.get(record.offset()));
        }
        for (int round = 1; round < rounds; round++) {
            assertThat(minOffset(offsets, round))
                    .as(WAL08.that("round %d's appends, issued after every append of round %d completed, come after"
                            + " them", round, round - 1))
                    .isGreaterThan(maxOffset(offsets, round - 1));
        }
    }

    @Test
    void optional_wal09_suffixTruncationReusesOffsetsAndSurvivesReopen() throws Exception {
        Path dir = newDataDir();
        MetadataWal wal = wals.open(dir);
        assumeCapability(WAL09, wal, Capability.SUFFIX_TRUNCATION);
        long[] epochs = {1, 1, 2, 3, 3};
        List<WalRecord> written = new ArrayList<>();
        for (int i = 0; i < epochs.length; i++) {
            byte[] payload = Payloads.of(0, i);
            written.add(new WalRecord(epochs[i], Appends.durably(WAL09, wal, epochs[i], payload), payload));
        }

        wal.truncateSuffix(5);
        assertLog(WAL09, wal, "after truncateSuffix(5) at the end, which changes nothing", written, 3);
        MetadataWal full = wal;
        assertOutOfRange(WAL09, "truncateSuffix(6) above the end", 6, () -> full.truncateSuffix(6));
        assertOutOfRange(WAL09, "truncateSuffix(-1) below the start", -1, () -> full.truncateSuffix(-1));

        wal.truncateSuffix(2);
        assertLog(WAL09, wal, "after truncateSuffix(2)", written.subList(0, 2), 1);
        MetadataWal cut = wal;
        assertOutOfRange(WAL09, "read(3, 1) above the new end", 3, () -> cut.read(3, 1));
        // A follower replaces a deposed leader's epoch-3 suffix with the new leader's epoch-2 records:
        // once the suffix is gone, epoch 2 is no longer stale.
        byte[] replacement = Payloads.of(1, 0);
        assertThat(Appends.durably(WAL09, wal, 2, replacement))
                .as(WAL09.that("offset of the append after truncateSuffix(2)")).isEqualTo(2);
        List<WalRecord> replaced = List.of(written.get(0), written.get(1), new WalRecord(2, 2, replacement));
        wal = wals.reopen(wal, dir);
        assertLog(WAL09, wal, "after truncating, appending and reopening", replaced, 2);

        wal.truncateSuffix(0);
        assertEmpty(WAL09, wal, "the log after truncateSuffix(0)");
        wal = wals.reopen(wal, dir);
        assertEmpty(WAL09, wal, "the log truncated to 0 and reopened");
        assertThat(Appends.durably(WAL09, wal, 1, Payloads.of(2, 0)))
                .as(WAL09.that("offset of the append after truncating everything")).isZero();
    }

    @Test
    void optional_wal10_prefixDeletionKeepsEverythingFromThePoint() throws Exception {
        Path dir = newDataDir();
        MetadataWal wal = wals.open(dir);
        assumeCapability(WAL10, wal, Capability.PREFIX_DELETION);
        // 200 KiB, so that a WAL which drops whole segments of a configured small size drops some.
        List<WalRecord> written = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            long epoch = 1 + i / 100;
            byte[] payload = Payloads.of(0, i, 1024);
            written.add(new WalRecord(epoch, Appends.durably(WAL10, wal, epoch, payload), payload));
        }
        long point = 150;

        wal.deletePrefix(point);
        assertPrefixDeleted(wal, written, point, "after deletePrefix(150)");
        wal = wals.reopen(wal, dir);
        assertPrefixDeleted(wal, written, point, "after deletePrefix(150) and reopening");
        assertThat(Appends.durably(WAL10, wal, 2, Payloads.of(1, 0)))
                .as(WAL10.that("offset of the append after deleting a prefix")).isEqualTo(200);
    }

    @Test
    void optional_wal11_prefixDeletionBeyondTheEndRestartsTheLog() throws Exception {
        Path dir = newDataDir();
        MetadataWal wal = wals.open(dir);
        assumeCapability(WAL11, wal, Capability.PREFIX_DELETION);
        appendRecords(WAL11, wal, 10);
        long point = 1000;

        wal.deletePrefix(point);
        assertLog(WAL11, wal, "after deletePrefix(1000) beyond the end 10", List.of(), -1);
        assertThat(wal.startOffset()).as(WAL11.that("startOffset after deletePrefix(1000)")).isEqualTo(point);
        MetadataWal restarted = wal;
        assertThat(wal.read(point, 10)).as(WAL11.that("read(1000, 10) after deletePrefix(1000)")).isEmpty();
        assertOutOfRange(WAL11, "read(999, 1) below the new start", 999, () -> restarted.read(999, 1));
        byte[] payload = Payloads.of(1, 0);
        assertThat(Appends.durably(WAL11, wal, 3, payload))
                .as(WAL11.that("offset of the first append after deletePrefix(1000)")).isEqualTo(point);

        wal = wals.reopen(wal, dir);
        assertLog(WAL11, wal, "after restarting at 1000, appending and reopening",
                List.of(new WalRecord(3, point, payload)), 3);
    }

    @Test
    void required_wal12_recordsOfOneByteAndOneMebibyte() throws Exception {
        Path dir = newDataDir();
        MetadataWal wal = wals.open(dir);
        List<byte[]> payloads = List.of(new byte[] {42}, Payloads.of(0, 0, MEBIBYTE), new byte[] {7});
        List<WalRecord> written = new ArrayList<>();
        for (byte[] payload : payloads) {
            written.add(new WalRecord(EPOCH, Appends.durably(WAL12, wal, EPOCH, payload), payload));
        }
        assertLog(WAL12, wal, "after appending records of 1 byte, 1 MiB and 1 byte", written, EPOCH);
        wal = wals.reopen(wal, dir);
        assertLog(WAL12, wal, "after reopening", written, EPOCH);
    }

    @Test
    void required_wal13_emptyPayload() throws Exception {
        Path dir = newDataDir();
        MetadataWal wal = wals.open(dir);
        // An empty record in the middle and one at the very end, where recovery meets it last.
        List<byte[]> payloads = List.of(Payloads.of(0, 0), new byte[0], Payloads.of(0, 1), new byte[0]);
        List<WalRecord> written = new ArrayList<>();
        for (byte[] payload : payloads) {
            written.add(new WalRecord(EPOCH, Appends.durably(WAL13, wal, EPOCH, payload), payload));
        }
        assertLog(WAL13, wal, "after appending empty payloads", written, EPOCH);
        wal = wals.reopen(wal, dir);
        assertLog(WAL13, wal, "after reopening", written, EPOCH);
    }

    @Test
    void required_wal14_emptyWal() throws Exception {
        Path dir = newDataDir();
        MetadataWal wal = wals.open(dir);
        assertEmpty(WAL14, wal, "a new WAL");
        wal = wals.reopen(wal, dir);
        assertEmpty(WAL14, wal, "a new WAL reopened");
        assertThat(Appends.durably(WAL14, wal, EPOCH, Payloads.of(0, 0)))
                .as(WAL14.that("offset of the first append to an empty WAL")).isZero();
    }

    @Test
    void required_wal15_staleEpochsFailAndLastEpochFollowsAppends() throws Exception {
        Path dir = newDataDir();
        MetadataWal wal = wals.open(dir);
        List<WalRecord> written = new ArrayList<>();
        written.add(appendIn(wal, 3, Payloads.of(0, 0)));
        written.add(appendIn(wal, 3, Payloads.of(0, 1)));
        assertThat(wal.lastEpoch()).as(WAL15.that("lastEpoch after appends in epoch 3")).isEqualTo(3);

        assertStaleEpochRefused(wal, 2, "after records of epoch 3");
        assertStaleEpochRefused(wal, -1, "(negative)");
        assertLog(WAL15, wal, "after two refused appends, which take no offset", written, 3);

        // Stale against a record still in flight: the log's epochs never go back.
        CompletableFuture<Long> newer = Appends.start(WAL15, wal, 6, Payloads.of(0, 2));
        CompletableFuture<Long> older = Appends.start(WAL15, wal, 5, Payloads.of(0, 3));
        written.add(new WalRecord(6, Appends.offsetOf(WAL15, newer), Payloads.of(0, 2)));
        assertThat(Appends.failureOf(WAL15, older, "an append in epoch 5 issued right after one in epoch 6 must fail"))
                .as(WAL15.that("the failure of an append in epoch 5 after one in epoch 6"))
                .isInstanceOf(IllegalArgumentException.class);
        assertLog(WAL15, wal, "after an append in epoch 6 and a refused one in epoch 5", written, 6);

        wal = wals.reopen(wal, dir);
        assertLog(WAL15, wal, "after reopening", written, 6);
        assertStaleEpochRefused(wal, 5, "after reopening a log whose last epoch is 6");
        written.add(appendIn(wal, 7, Payloads.of(0, 4)));
        assertLog(WAL15, wal, "after an append in epoch 7", written, 7);
    }

    @Test
    void required_wal16_closedWalFailsClearly() throws Exception {
        MetadataWal wal = wals.open(newDataDir());
        Set<Capability> capabilities = wal.capabilities();
        Appends.durably(WAL16, wal, EPOCH, Payloads.of(0, 0));
        wals.close(wal);

        Throwable append = Appends.failureOf(WAL16, Appends.start(WAL16, wal, EPOCH, Payloads.of(0, 1)),
                "an append after close() must fail");
        assertThat(append).as(WAL16.that("the failure of an append after close()"))
                .isInstanceOf(WalClosedException.class);
        assertClosed(WAL16, "read(0, 1)", () -> wal.read(0, 1));
        assertClosed(WAL16, "startOffset()", wal::startOffset);
        assertClosed(WAL16, "endOffset()", wal::endOffset);
        assertClosed(WAL16, "lastEpoch()", wal::lastEpoch);
        if (capabilities.contains(Capability.SUFFIX_TRUNCATION)) {
            assertClosed(WAL16, "truncateSuffix(0)", () -> wal.truncateSuffix(0));
        }
        if (capabilities.contains(Capability.PREFIX_DELETION)) {
            assertClosed(WAL16, "deletePrefix(0)", () -> wal.deletePrefix(0));
        }
        assertThat(catchThrowable(wal::close)).as(WAL16.that("a second close() must do nothing")).isNull();
    }

    @Test
    void required_wal17_closeSettlesEveryPendingAppend() throws Exception {
        Path dir = newDataDir();
        MetadataWal wal = wals.open(dir);
        List<byte[]> payloads = new ArrayList<>();
        List<CompletableFuture<Long>> pending = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            payloads.add(Payloads.of(0, i));
            pending.add(Appends.start(WAL17, wal, EPOCH, payloads.get(i)));
        }
        wals.close(wal);

        await(WAL17.that("every append pending at close() is completed or failed"))
                .atMost(Appends.TIMEOUT)
                .until(() -> pending.stream().allMatch(Future::isDone));
        Map<Long, byte[]> acknowledged = new LinkedHashMap<>();
        for (int i = 0; i < pending.size(); i++) {
            if (!pending.get(i).isCompletedExceptionally()) {
                acknowledged.put(pending.get(i).join(), payloads.get(i));
            }
        }
        MetadataWal reopened = wals.open(dir);
        long start = reopened.startOffset();
        List<WalRecord> log = LogReads.all(WAL17, reopened);
        for (Map.Entry<Long, byte[]> ack : acknowledged.entrySet()) {
            assertThat(recordAt(WAL17, log, start, ack.getKey(), "completed by close()").payload())
                    .as(WAL17.that("the record at offset %d, completed by close()", ack.getKey()))
                    .isEqualTo(ack.getValue());
        }
    }

    @Test
    void required_wal18_unusableDataDirectoryFailsCreate() throws Exception {
        Path notADirectory = Files.writeString(tempDir.resolve("not-a-directory"), "a file where a directory should be");
        Path dataDir = notADirectory.resolve("wal");
        KitPluginContext context = wals.context(dataDir);
        WalProvider provider = provider();
        CompletableFuture<MetadataWal> creation = new CompletableFuture<>();
        // On its own thread, so that a create that hangs fails the rule instead of stalling the suite.
        Thread creator = new Thread(() -> {
            try {
                creation.complete(provider.create(context));
            } catch (Throwable t) {
                creation.completeExceptionally(t);
            }
        }, "wal18-create");
        creator.setDaemon(true);
        creator.start();
        try {
            MetadataWal wal = wals.track(creation.get(Appends.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            throw new AssertionError(WAL18.that("create over %s, whose parent is a regular file, must fail, but it"
                    + " returned %s", dataDir, wal));
        } catch (ExecutionException e) {
            Throwable failure = e.getCause();
            assertThat(failure).as(WAL18.that("create over a data directory whose parent is a regular file must"
                    + " throw an IOException or a RuntimeException"))
                    .isInstanceOfAny(IOException.class, RuntimeException.class);
            assertThat(failure.getMessage()).as(WAL18.that("the message of %s", failure)).isNotBlank();
        } catch (TimeoutException e) {
            throw new AssertionError(WAL18.that("create over %s did not return within %s", dataDir, Appends.TIMEOUT), e);
        }
    }

    @Test
    void required_wal19_fullDiskFailsTheAppendAndKeepsWhatWasAcknowledged() throws Exception {
        Path mountPoint = Files.createDirectories(tempDir.resolve("tmpfs"));
        try (Tmpfs tmpfs = Tmpfs.mount(WAL19, mountPoint, "1m")) {
            try {
                assertFullDiskKeepsAcknowledgedRecords(tmpfs, Files.createDirectories(mountPoint.resolve("wal")));
            } finally {
                // Before unmounting: open files would keep the mount busy.
                wals.closeAll();
            }
        }
    }

    @Test
    void required_wal20_failedForceFailsTheAppend() throws Exception {
        Path dir = newDataDir();
        MetadataWal healthy = wals.open(dir);
        List<WalRecord> written = appendRecords(WAL20, healthy, 3);
        wals.close(healthy);
        Optional<MetadataWal> faulty = openWalWhoseForceFails(dir);
        Assumptions.assumeTrue(faulty.isPresent(),
                () -> WAL20 + " skipped: the plugin's test does not implement openWalWhoseForceFails");
        MetadataWal wal = wals.track(faulty.orElseThrow());

        long epoch = written.get(written.size() - 1).epoch();
        byte[] lost = Payloads.of(1, 0);
        Appends.failureOf(WAL20, Appends.start(WAL20, wal, epoch, lost),
                "an append whose force failed must fail, never be reported durable");
        assertLog(WAL20, wal, "after a failed force, whose record is not durable and so not readable", written,
                epoch);
        byte[] refused = Payloads.of(1, 1);
        Appends.failureOf(WAL20, Appends.start(WAL20, wal, epoch, refused),
                "after a failed force the WAL must refuse appends, since what reached the disk is unknown");
        wals.close(wal);

        // A failed append is "not known to be durable": after a restart it may be found, but intact.
        MetadataWal reopened = wals.open(dir);
        List<WalRecord> possible = new ArrayList<>(written);
        possible.add(new WalRecord(epoch, written.size(), lost));
        possible.add(new WalRecord(epoch, written.size() + 1L, refused));
        List<WalRecord> log = LogReads.all(WAL20, reopened);
        assertThat(log.size()).as(WAL20.that("records after reopening, of %d durable", written.size()))
                .isBetween(written.size(), possible.size());
        assertThat(log).as(WAL20.that("the durable records, then at most the failed ones, intact"))
                .containsExactlyElementsOf(possible.subList(0, log.size()));
    }

    /** A damaging action on the newest file of a closed WAL. */
    @FunctionalInterface
    private interface Damage {
        void apply(Path newestFile) throws IOException;
    }

    private void assertDamagedTailIsCut(WalRule rule, Damage damage) throws Exception {
        Path dir = newDataDir();
        MetadataWal wal = wals.open(dir);
        List<WalRecord> written = appendRecords(rule, wal, 40);
        wals.close(wal);
        damage.apply(TailCorruption.newestFile(dir));

        wal = wals.open(dir);
        List<WalRecord> recovered = LogReads.all(rule, wal);
        assertThat(wal.startOffset()).as(rule.that("startOffset after recovery")).isZero();
        assertThat(recovered.size()).as(rule.that("records after recovery, of %d written", written.size()))
                .isLessThanOrEqualTo(written.size());
        assertThat(recovered).as(rule.that("the recovered log is a prefix of what was written, byte for byte"))
                .containsExactlyElementsOf(written.subList(0, recovered.size()));
        long lastEpoch = recovered.isEmpty() ? -1 : recovered.get(recovered.size() - 1).epoch();
        assertLog(rule, wal, "after recovery", recovered, lastEpoch);

        // The cut must be real: a record appended after it must survive the next recovery too.
        List<WalRecord> expected = new ArrayList<>(recovered);
        long next = wal.endOffset();
        byte[] payload = Payloads.of(1, 0);
        long epoch = written.get(written.size() - 1).epoch();
        assertThat(Appends.durably(rule, wal, epoch, payload))
                .as(rule.that("offset of the first append after recovery")).isEqualTo(next);
        expected.add(new WalRecord(epoch, next, payload));
        wal = wals.reopen(wal, dir);
        assertLog(rule, wal, "after recovery, an append and a second reopen", expected, epoch);
    }

    /** Reads the log from its start as it grows, until {@code total} records were read; returns them. */
    private static List<WalRecord> tail(MetadataWal wal, int total, Semaphore acks) throws Exception {
        List<WalRecord> seen = new ArrayList<>();
        long next = 0;
        while (next < total) {
            List<WalRecord> batch = wal.read(next, LogReads.BATCH);
            if (batch.isEmpty()) {
                // Nothing new: wait for the next acknowledgement instead of spinning on a core the
                // appenders need.
                if (!acks.tryAcquire(Appends.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError(WAL07.that("no record became readable at offset %d within %s", next,
                            Appends.TIMEOUT));
                }
                acks.drainPermits();
                continue;
            }
            LogReads.check(WAL07, batch, next, LogReads.BATCH);
            long end = wal.endOffset();
            for (WalRecord record : batch) {
                assertThat(record.offset())
                        .as(WAL07.that("a record read while appends go on is below endOffset %d, read right after",
                                end))
                        .isLessThan(end);
            }
            assertGenuineAndUnique(WAL07, batch, EPOCH);
            seen.addAll(batch);
            next += batch.size();
        }
        return seen;
    }

    private void assertFullDiskKeepsAcknowledgedRecords(Tmpfs tmpfs, Path dir) throws Exception {
        MetadataWal wal;
        try {
            wal = wals.open(dir);
        } catch (IOException e) {
            Assumptions.abort(WAL19 + " skipped: the plugin cannot open a WAL on a 1 MiB disk: " + e);
            return;
        }
        Map<Long, byte[]> acknowledged = new LinkedHashMap<>();
        Optional<Throwable> failure = Optional.empty();
        // Four times the disk's size in incompressible records: the disk must be full long before.
        for (int seq = 0; failure.isEmpty(); seq++) {
            assertThat((long) seq * FULL_DISK_RECORD_BYTES)
                    .as(WAL19.that("bytes appended to a 1 MiB disk without a failure")).isLessThan(4L * MEBIBYTE);
            byte[] payload = Payloads.of(0, seq, FULL_DISK_RECORD_BYTES);
            CompletableFuture<Long> append = Appends.start(WAL19, wal, EPOCH, payload);
            failure = Appends.settle(WAL19, append);
            if (failure.isEmpty()) {
                acknowledged.put(append.join(), payload);
            }
        }
        assertThat(Appends.causedBy(failure.orElseThrow(), IOException.class))
                .as(WAL19.that("the append that met the full disk fails with an IOException in its causes, got %s",
                        failure.orElseThrow()))
                .isTrue();
        // The WAL should now refuse appends; one that still succeeds must be as durable as any other.
        for (int seq = 0; seq < 3; seq++) {
            byte[] payload = Payloads.of(1, seq, FULL_DISK_RECORD_BYTES);
            CompletableFuture<Long> append = Appends.start(WAL19, wal, EPOCH, payload);
            if (Appends.settle(WAL19, append).isEmpty()) {
                acknowledged.put(append.join(), payload);
            }
        }
        wals.close(wal);

        // As an operator would: make room, then restart. Recovery is not what this rule judges.
        tmpfs.resize("8m");
        MetadataWal reopened = wals.open(dir);
        long start = reopened.startOffset();
        List<WalRecord> log = LogReads.all(WAL19, reopened);
        for (Map.Entry<Long, byte[]> ack : acknowledged.entrySet()) {
            assertThat(recordAt(WAL19, log, start, ack.getKey(), "acknowledged on the full disk").payload())
                    .as(WAL19.that("the record at offset %d, acknowledged on the full disk", ack.getKey()))
                    .isEqualTo(ack.getValue());
        }
    }

    private void assertPrefixDeleted(MetadataWal wal, List<WalRecord> written, long point, String when)
            throws IOException {
        long start = wal.startOffset();
        assertThat(start).as(WAL10.that("startOffset %s is never above the point %d", when, point))
                .isBetween(0L, point);
        assertLog(WAL10, wal, when, written.subList(Math.toIntExact(start), written.size()),
                written.get(written.size() - 1).epoch());
        if (start > 0) {
            assertOutOfRange(WAL10, "read(startOffset - 1, 1) " + when, start - 1, () -> wal.read(start - 1, 1));
        }
    }

    private void assertStaleEpochRefused(MetadataWal wal, long epoch, String why) {
        long end = wal.endOffset();
        Throwable failure = Appends.failureOf(WAL15, Appends.start(WAL15, wal, epoch, Payloads.of(9, (int) end)),
                "an append in epoch " + epoch + " " + why + " must fail");
        assertThat(failure).as(WAL15.that("the failure of an append in epoch %d %s", epoch, why))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static WalRecord appendIn(MetadataWal wal, long epoch, byte[] payload) {
        return new WalRecord(epoch, Appends.durably(WAL15, wal, epoch, payload), payload);
    }

    /** Appends {@code count} recognisable records, 20 per epoch from epoch 1 on; returns them. */
    private static List<WalRecord> appendRecords(WalRule rule, MetadataWal wal, int count) {
        List<WalRecord> written = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long epoch = 1 + i / 20;
            byte[] payload = Payloads.of(0, i);
            written.add(new WalRecord(epoch, Appends.durably(rule, wal, epoch, payload), payload));
        }
        return written;
    }

    private static void assumeCapability(WalRule rule, MetadataWal wal, Capability capability) {
        Assumptions.assumeTrue(wal.capabilities().contains(capability),
                () -> rule + " skipped: the WAL does not declare " + capability);
    }

    private static long minOffset(long[][] offsets, int round) {
        long min = Long.MAX_VALUE;
        for (long[] writer : offsets) {
            min = Math.min(min, writer[round]);
        }
        return min;
    }

    private static long maxOffset(long[][] offsets, int round) {
        long max = Long.MIN_VALUE;
        for (long[] writer : offsets) {
            max = Math.max(max, writer[round]);
        }
        return max;
    }

    private Path newDataDir() throws IOException {
        return Files.createDirectories(tempDir.resolve("wal"));
    }
}
