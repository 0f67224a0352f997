package io.quire.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quire.api.command.CreateTopic;
import io.quire.api.command.RegisterBroker;
import io.quire.api.metadata.BrokerInfo;
import io.quire.api.metadata.TopicMetadata;
import io.quire.api.result.CommandResult;
import io.quire.api.result.ErrorCode;
import io.quire.core.codec.CommandCodec;
import io.quire.core.snapshot.SnapshotStore;
import io.quire.core.testing.Plugins;
import io.quire.core.testing.TestGroup;
import io.quire.spi.wal.MetadataWal;
import io.quire.spi.wal.WalRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A newly elected leader, before it takes writes, fetches from a majority's most advanced log the
 * records it lacks, cutting its own divergent suffix first (design brief, point 7).
 */
class LeaderTakeoverTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final BrokerInfo BROKER = new BrokerInfo(1, "127.0.0.1", 9093, null);

    @TempDir
    Path dir;

    private final CommandCodec codec = new CommandCodec();
    private final TestGroup group = new TestGroup(Set.of(1, 2, 3));
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void aNewLeaderFetchesTheRecordsOnlyAFollowerHoldsBeforeItTakesWrites() throws Exception {
        MetadataEngine holder = node(1, List.of(epoch(1, "t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7")));
        MetadataEngine elected = node(2, List.of(epoch(1, "t0", "t1", "t2")));
        node(3, List.of(epoch(1, "t0", "t1", "t2")));

        group.elect(2, 2);
        CommandResult result = elected.write(topic("after")).get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(result).isEqualTo(CommandResult.OK);
        assertThat(names(elected)).containsExactlyInAnyOrder("t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "after");
        assertThat(records(elected)).extracting(WalRecord::epoch).containsExactly(1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 2L, 2L);
        assertThat(names(holder)).doesNotContain("after");
    }

    @Test
    void aNewLeaderCutsItsSuffixFromADeposedEpochAndTakesTheNewerOne() throws Exception {
        node(1, List.of(epoch(1, "a", "b"), epoch(3, "from-epoch-3", "also-3")));
        MetadataEngine elected = node(2, List.of(epoch(1, "a", "b"), epoch(2, "deposed-1", "deposed-2", "deposed-3")));
        node(3, List.of(epoch(1, "a", "b")));

        group.elect(2, 4);
        assertThat(elected.write(topic("after")).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(CommandResult.OK);

        assertThat(names(elected)).containsExactlyInAnyOrder("a", "b", "from-epoch-3", "also-3", "after");
        assertThat(records(elected)).extracting(WalRecord::epoch).containsExactly(1L, 1L, 1L, 3L, 3L, 4L, 4L);
    }

    @Test
    void aLeaderThatCannotReachAMajorityTakesNoWrite() throws Exception {
        MetadataEngine elected = node(2, List.of(epoch(1, "a")));
        node(1, List.of(epoch(1, "a", "only-on-1")));
        node(3, List.of(epoch(1, "a")));
        group.down(1);
        group.down(3);

        group.elect(2, 2);

        assertThat(elected.write(topic("refused")).get(WAIT.toSeconds(), TimeUnit.SECONDS).error())
                .isEqualTo(ErrorCode.REQUEST_TIMED_OUT);
        assertThat(names(elected)).doesNotContain("refused");
        assertThat(records(elected)).hasSize(2);
    }

    @Test
    void aNewLeaderInstallsTheSnapshotOfAMemberWhoseWalNoLongerHoldsWhatItLacks() throws Exception {
        MetadataEngine holder = node(1, List.of(epoch(1)), snapshottingEvery(5, 1));
        MetadataEngine elected = node(2, List.of(epoch(1)), snapshottingEvery(Long.MAX_VALUE, 2));
        node(3, List.of(epoch(1)));
        group.elect(1, 2);
        for (int i = 0; i < 12; i++) {
            CreateTopic large = new CreateTopic("t" + i, UUID.randomUUID(), List.of(List.of(1)),
                    Map.of("message.format.version", "x".repeat(1500)));
            assertThat(holder.write(large).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(CommandResult.OK);
        }
        await().atMost(WAIT).until(() -> holder.wal().startOffset() > 1);

        group.elect(2, 3);
        assertThat(elected.write(topic("after")).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(CommandResult.OK);

        assertThat(names(elected)).contains("t0", "t5", "t11", "after").hasSize(13);
        assertThat(elected.wal().startOffset()).as("its WAL starts after the installed snapshot").isGreaterThan(1);
    }

    private EngineOptions snapshottingEvery(long records, int id) throws Exception {
        return new EngineOptions("test", Optional.empty(),
                Optional.of(new SnapshotStore(dir.resolve("node" + id).resolve("snapshots"))), records,
                MetadataAcks.LEADER, Duration.ofSeconds(3), new SimpleMeterRegistry());
    }

    /** A node whose WAL already holds {@code history}, recovered and started as a member of the group. */
    private MetadataEngine node(int id, List<Epoch> history) throws Exception {
        return node(id, history, new EngineOptions("test", Optional.empty(), Optional.empty(), Long.MAX_VALUE,
                MetadataAcks.LEADER, Duration.ofSeconds(3), new SimpleMeterRegistry()));
    }

    private MetadataEngine node(int id, List<Epoch> history, EngineOptions options) throws Exception {
        // Small segments, so that a snapshot lets the WAL drop the records it covers.
        MetadataWal wal = Plugins.openFileWal(dir.resolve("node" + id).resolve("wal"), Map.of("segment-bytes", "4096"));
        open.add(wal);
        // Every history starts with the registration of the broker that the topics' replicas name.
        wal.append(history.get(0).number(), codec.encode(new RegisterBroker(BROKER))).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        for (Epoch epoch : history) {
            for (String name : epoch.topics()) {
                wal.append(epoch.number(), codec.encode(topic(name))).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        }
        MetadataEngine engine = new MetadataEngine(id, wal,
                Plugins.newKafkaStateMachine(dir.resolve("node" + id).resolve("state-machine")), group.member(id), codec,
                options);
        open.add(engine);
        engine.recover();
        engine.start(id == 1 ? BROKER : new BrokerInfo(id, "127.0.0.1", 9092 + id, null), WAIT);
        return engine;
    }

    private static List<String> names(MetadataEngine engine) {
        await().atMost(WAIT).until(() -> engine.appliedOffset() + 1 >= records(engine).size());
        return engine.view().topics().stream().map(TopicMetadata::name).toList();
    }

    private static List<WalRecord> records(MetadataEngine engine) throws Exception {
        return engine.wal().read(engine.wal().startOffset(), Integer.MAX_VALUE);
    }

    private static Epoch epoch(long number, String... topics) {
        return new Epoch(number, List.of(topics));
    }

    private record Epoch(long number, List<String> topics) {}

    private static CreateTopic topic(String name) {
        return new CreateTopic(name, UUID.randomUUID(), List.of(List.of(1)), Map.of());
    }
}
