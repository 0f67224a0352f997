package io.quire.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quire.api.command.CreateTopic;
import io.quire.api.command.DeleteTopic;
import io.quire.api.command.MetadataCommand;
import io.quire.api.command.RegisterBroker;
import io.quire.api.metadata.BrokerInfo;
import io.quire.api.metadata.TopicMetadata;
import io.quire.api.result.CommandResult;
import io.quire.api.result.ErrorCode;
import io.quire.core.codec.CodecException;
import io.quire.core.codec.CommandCodec;
import io.quire.core.status.NodeStatus;
import io.quire.core.status.QuorumState;
import io.quire.core.status.Role;
import io.quire.core.testing.EngineNode;
import io.quire.core.testing.LocalLeaderConsensus;
import io.quire.core.testing.Plugins;
import io.quire.spi.wal.MetadataWal;
import io.quire.spi.wal.WalRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** MetadataEngine over the real file WAL and kafka-metadata state machine, leading in epoch 1. */
@Timeout(60)
class MetadataEngineTest {

    private static final long TIMEOUT_SECONDS = 10;

    @TempDir
    Path dataDir;

    private static CreateTopic topic(String name) {
        return new CreateTopic(name, UUID.randomUUID(), List.of(List.of(1), List.of(1)), Map.of("retention.ms", "1000"));
    }

    private static CommandResult await(CompletableFuture<CommandResult> future) throws Exception {
        return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void startOnAnEmptyWalRegistersThisNodeAsABroker() throws Exception {
        try (EngineNode node = EngineNode.open(dataDir)) {
            node.engine.recover();
            assertThat(node.stateMachine.appliedOffset()).isEqualTo(-1);
            assertThat(node.realWal.endOffset()).isEqualTo(0);

            node.engine.start(EngineNode.SELF, EngineNode.START_TIMEOUT);

            assertThat(node.engine.leadership().isLocalLeader()).isTrue();
            assertThat(node.engine.leadership().epoch()).isEqualTo(LocalLeaderConsensus.EPOCH);
            assertThat(node.engine.view().broker(Plugins.NODE_ID)).contains(EngineNode.SELF);
            List<WalRecord> records = node.walRecords();
            assertThat(records).hasSize(1);
            assertThat(records.get(0).epoch()).isEqualTo(LocalLeaderConsensus.EPOCH);
            assertThat(node.codec.decode(records.get(0).payload())).isEqualTo(new RegisterBroker(EngineNode.SELF));
            assertThat(node.stateMachine.appliedOffset()).isEqualTo(0);
        }
    }

    @Test
    void startBeforeRecoverIsRefused() throws Exception {
        try (EngineNode node = EngineNode.open(dataDir)) {
            assertThatThrownBy(() -> node.engine.start(EngineNode.SELF, EngineNode.START_TIMEOUT))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("recover");
            assertThat(node.realWal.endOffset()).isEqualTo(0);
        }
    }

    @Test
    void aCreatedTopicIsVisibleInTheViewWhenTheWriteCompletes() throws Exception {
        try (EngineNode node = EngineNode.open(dataDir).recoverAndStart()) {
            CreateTopic create = topic("orders");

            // Looked up inside the completion, before anyone else could observe the answer.
            CompletableFuture<Optional<TopicMetadata>> seenOnCompletion = new CompletableFuture<>();
            CompletableFuture<CommandResult> write = node.engine.write(create);
            write.whenComplete((result, error) -> seenOnCompletion.complete(node.engine.view().topic("orders")));

            assertThat(await(write)).isEqualTo(CommandResult.OK);
            Optional<TopicMetadata> seen = seenOnCompletion.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(seen).map(TopicMetadata::topicId).contains(create.topicId());
            assertThat(seen.get().partitions()).hasSize(2);
            assertThat(seen.get().configs()).isEqualTo(create.configs());
            List<WalRecord> records = node.walRecords();
            assertThat(records).extracting(WalRecord::offset).containsExactly(0L, 1L);
            assertThat(node.codec.decode(records.get(1).payload())).isEqualTo(create);
            assertThat(records.get(1).epoch()).isEqualTo(LocalLeaderConsensus.EPOCH);
        }
    }

    @Test
    void aRejectedCommandIsAnsweredWithoutBeingWrittenToTheWal() throws Exception {
        try (EngineNode node = EngineNode.open(dataDir).recoverAndStart()) {
            assertThat(await(node.engine.write(topic("orders")))).isEqualTo(CommandResult.OK);
            long endOffset = node.realWal.endOffset();
            String digest = node.engine.digest();

            CommandResult duplicate = await(node.engine.write(topic("orders")));
            CommandResult unknownDelete = await(node.engine.write(new DeleteTopic("ghost", UUID.randomUUID())));
            CommandResult invalidName = await(node.engine.write(topic("not/legal")));
            CommandResult unknownBroker = await(node.engine.write(
                    new CreateTopic("elsewhere", UUID.randomUUID(), List.of(List.of(7)), Map.of())));

            assertThat(duplicate.error()).isEqualTo(ErrorCode.TOPIC_ALREADY_EXISTS);
            assertThat(unknownDelete.error()).isEqualTo(ErrorCode.UNKNOWN_TOPIC);
            assertThat(invalidName.error()).isEqualTo(ErrorCode.INVALID_TOPIC);
            assertThat(unknownBroker.error()).isEqualTo(ErrorCode.INVALID_REPLICA_ASSIGNMENT);
            assertThat(node.realWal.endOffset()).isEqualTo(endOffset);
            assertThat(node.engine.digest()).isEqualTo(digest);
        }
    }

    @Test
    void validateAnswersWithoutWriting() throws Exception {
        try (EngineNode node = EngineNode.open(dataDir).recoverAndStart()) {
            long endOffset = node.realWal.endOffset();

            assertThat(node.engine.validate(topic("orders"))).isEqualTo(CommandResult.OK);
            assertThat(node.engine.validate(topic("bad name")).error()).isEqualTo(ErrorCode.INVALID_TOPIC);

            assertThat(node.realWal.endOffset()).isEqualTo(endOffset);
            assertThat(node.engine.view().topic("orders")).isEmpty();
        }
    }

    @Test
    void aRestartedNodeReplaysItsWalToTheSameDigestAndKeepsWritingAtTheNextOffset() throws Exception {
        String digestBefore;
        long appliedBefore;
        List<TopicMetadata> topicsBefore;
        List<BrokerInfo> brokersBefore;
        try (EngineNode node = EngineNode.open(dataDir).recoverAndStart()) {
            assertThat(await(node.engine.write(new RegisterBroker(new BrokerInfo(2, "two.example", 9093, "rack-b")))))
                    .isEqualTo(CommandResult.OK);
            for (String name : List.of("orders", "payments", "audit.log", "temporary")) {
                assertThat(await(node.engine.write(topic(name)))).isEqualTo(CommandResult.OK);
            }
            TopicMetadata temporary = node.engine.view().topic("temporary").orElseThrow();
            assertThat(await(node.engine.write(new DeleteTopic("temporary", temporary.topicId()))))
                    .isEqualTo(CommandResult.OK);
            digestBefore = node.engine.digest();
            appliedBefore = node.stateMachine.appliedOffset();
            topicsBefore = List.copyOf(node.engine.view().topics());
            brokersBefore = List.copyOf(node.engine.view().brokers());
        }
        assertThat(appliedBefore).isEqualTo(6);

        try (EngineNode restarted = EngineNode.open(dataDir)) {
            assertThat(restarted.stateMachine.appliedOffset()).as("a fresh state machine").isEqualTo(-1);

            restarted.engine.recover();

            assertThat(restarted.engine.digest()).isEqualTo(digestBefore);
            assertThat(restarted.stateMachine.appliedOffset()).isEqualTo(appliedBefore);
            assertThat(restarted.engine.view().topics()).containsExactlyElementsOf(topicsBefore);
            assertThat(restarted.engine.view().brokers()).containsExactlyElementsOf(brokersBefore);

            restarted.engine.start(EngineNode.SELF, EngineNode.START_TIMEOUT);
            assertThat(restarted.realWal.endOffset()).as("already registered: nothing written").isEqualTo(appliedBefore + 1);

            CreateTopic next = topic("after-restart");
            assertThat(await(restarted.engine.write(next))).isEqualTo(CommandResult.OK);
            List<WalRecord> records = restarted.walRecords();
            assertThat(records).extracting(WalRecord::offset)
                    .containsExactlyElementsOf(LongStream.rangeClosed(0, appliedBefore + 1).boxed().toList());
            assertThat(restarted.codec.decode(records.get(records.size() - 1).payload())).isEqualTo(next);
            assertThat(restarted.stateMachine.appliedOffset()).isEqualTo(appliedBefore + 1);
        }
    }

    @Test
    void sixtyFourConcurrentWritesAllCompleteWithDenseOffsetsAndAllApplied() throws Exception {
        int writers = 64;
        ExecutorService threads = Executors.newFixedThreadPool(writers);
        try (EngineNode node = EngineNode.open(dataDir).recoverAndStart()) {
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<CommandResult>> writes = new ArrayList<>();
            List<CreateTopic> commands = IntStream.range(0, writers).mapToObj(i -> topic("concurrent-" + i)).toList();
            List<CompletableFuture<CompletableFuture<CommandResult>>> submitted = commands.stream()
                    .map(command -> CompletableFuture.supplyAsync(() -> {
                        awaitQuietly(go);
                        return node.engine.write(command);
                    }, threads))
                    .toList();
            go.countDown();
            for (CompletableFuture<CompletableFuture<CommandResult>> submission : submitted) {
                writes.add(submission.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            }

            for (CompletableFuture<CommandResult> write : writes) {
                assertThat(await(write)).isEqualTo(CommandResult.OK);
            }

            List<WalRecord> records = node.walRecords();
            assertThat(records).extracting(WalRecord::offset)
                    .containsExactlyElementsOf(LongStream.rangeClosed(0, writers).boxed().toList());
            List<MetadataCommand> written = records.stream().skip(1).map(record -> node.codec.decode(record.payload())).toList();
            assertThat(written).containsExactlyInAnyOrderElementsOf(commands);
            assertThat(node.stateMachine.appliedOffset()).isEqualTo(writers);
            assertThat(node.engine.view().topics()).extracting(TopicMetadata::name)
                    .containsExactlyInAnyOrderElementsOf(commands.stream().map(CreateTopic::name).toList());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void concurrentCreatesOfOneNameSucceedExactlyOnce() throws Exception {
        int writers = 16;
        ExecutorService threads = Executors.newFixedThreadPool(writers);
        try (EngineNode node = EngineNode.open(dataDir).recoverAndStart()) {
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<CommandResult>> writes = IntStream.range(0, writers)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                        awaitQuietly(go);
                        return node.engine.write(topic("contended"));
                    }, threads).thenCompose(write -> write))
                    .toList();
            go.countDown();

            List<ErrorCode> outcomes = new ArrayList<>();
            for (CompletableFuture<CommandResult> write : writes) {
                outcomes.add(await(write).error());
            }

            assertThat(outcomes.stream().collect(Collectors.groupingBy(code -> code, Collectors.counting())))
                    .containsEntry(ErrorCode.NONE, 1L)
                    .containsOnlyKeys(ErrorCode.NONE, ErrorCode.TOPIC_ALREADY_EXISTS);
            assertThat(node.engine.view().topics()).extracting(TopicMetadata::name).containsExactly("contended");
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aProposalThroughConsensusIsExecutedOnTheLeadersFastPath() throws Exception {
        try (EngineNode node = EngineNode.open(dataDir).recoverAndStart()) {
            CommandCodec codec = new CommandCodec();
            CreateTopic create = topic("proposed");

            byte[] answer = node.consensus.propose(codec.encode(create)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            byte[] garbage = node.consensus.propose("not a command".getBytes(StandardCharsets.UTF_8))
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

            assertThat(Written.decode(answer, codec))
                    .isEqualTo(new Written(1, CommandResult.OK));
            assertThat(node.engine.view().topic("proposed")).map(TopicMetadata::topicId).contains(create.topicId());
            Written refused = Written.decode(garbage, codec);
            assertThat(refused.offset()).as("nothing written").isEqualTo(-1);
            assertThat(refused.result().error()).isEqualTo(ErrorCode.INVALID_REQUEST);
            assertThat(node.realWal.endOffset()).isEqualTo(2);
        }
    }

    @Test
    void aWalRecordThatIsNotACommandFailsRecoveryNamingItsOffset() throws Exception {
        CommandCodec codec = new CommandCodec();
        try (MetadataWal wal = Plugins.openFileWal(dataDir.resolve("wal"))) {
            wal.append(1, codec.encode(new RegisterBroker(EngineNode.SELF))).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            wal.append(1, codec.encode(topic("before"))).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            wal.append(1, "{\"not\": \"a command\"}".getBytes(StandardCharsets.UTF_8)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            wal.append(1, codec.encode(topic("after"))).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }

        try (EngineNode node = EngineNode.open(dataDir)) {
            assertThatThrownBy(node.engine::recover)
                    .isInstanceOf(CodecException.class)
                    .hasMessageContaining("offset 2");

            assertThat(node.stateMachine.appliedOffset()).as("nothing at or after the bad record").isEqualTo(1);
            assertThat(node.engine.view().topic("after")).isEmpty();
            assertThatThrownBy(() -> node.engine.start(EngineNode.SELF, EngineNode.START_TIMEOUT))
                    .as("a node whose recovery failed must not start")
                    .isInstanceOf(IllegalStateException.class);
            assertThat(node.realWal.endOffset()).isEqualTo(4);
        }
    }

    @Test
    void closeClosesConsensus() throws Exception {
        EngineNode node = EngineNode.open(dataDir).recoverAndStart();
        node.close();

        assertThat(node.consensus.isClosed()).isTrue();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("start signal not given");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aNodeIsReadyOnceItLeadsAndItsStatusNamesItsOffsets() throws Exception {
        try (EngineNode node = EngineNode.open(dataDir)) {
            node.engine.recover();
            NodeStatus before = node.engine.status();
            assertThat(before.role()).isEqualTo(Role.UNKNOWN);
            assertThat(before.ready()).as("before consensus starts, no leader is known").isFalse();
            assertThat(before.reason()).contains("no leader is known");

            node.engine.start(EngineNode.SELF, EngineNode.START_TIMEOUT);
            assertThat(await(node.engine.write(topic("ready-a"))).isSuccess()).isTrue();

            NodeStatus status = node.engine.status();
            assertThat(status.role()).isEqualTo(Role.LEADER);
            assertThat(status.ready()).isTrue();
            assertThat(status.epoch()).isEqualTo(LocalLeaderConsensus.EPOCH);
            assertThat(status.leaderId()).isEqualTo(Plugins.NODE_ID);
            assertThat(status.endOffset()).isEqualTo(node.realWal.endOffset()).isEqualTo(2);
            assertThat(status.appliedOffset()).isEqualTo(1);
            assertThat(status.lag()).isZero();
            assertThat(status.work()).isEmpty();
            assertThat(node.engine.statusOf(Plugins.NODE_ID).get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo(status);
            assertThat(node.engine.quorumState().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).hasValueSatisfying(quorum -> {
                assertThat(quorum.leaderId()).isEqualTo(Plugins.NODE_ID);
                assertThat(quorum.highWatermark()).isEqualTo(2);
                assertThat(quorum.voters()).extracting(QuorumState.Replica::logEndOffset).containsExactly(2L);
            });
        }
    }
}
