package io.quire.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.api.command.CreateTopic;
import io.quire.api.command.MetadataCommand;
import io.quire.api.command.RegisterBroker;
import io.quire.api.metadata.BrokerInfo;
import io.quire.api.metadata.TopicMetadata;
import io.quire.api.result.CommandResult;
import io.quire.api.result.ErrorCode;
import io.quire.core.testing.ControlledWal;
import io.quire.core.testing.EngineNode;
import io.quire.core.testing.RecordingStateMachine;
import io.quire.core.testing.RecordingStateMachine.Applied;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state machine sees commands in offset order whatever order the WAL completes their appends
 * in, and a write is answered only once it, and everything before it, is applied.
 *
 * <p>The pairs written here must both pass the leader's validation when written (it checks the
 * applied state), yet give different results in different orders: two creates of one name, two
 * registrations of one broker id. (Create-then-delete of one topic cannot be in flight together:
 * the leader refuses the delete of a topic that is not applied yet, UNKNOWN_TOPIC, before writing.)
 */
@Timeout(60)
class OrderedApplyTest {

    @TempDir
    Path dataDir;

    private ControlledWal wal;
    private RecordingStateMachine stateMachine;
    private EngineNode node;
    private long firstHeldOffset;
    private final List<String> completionOrder = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startANodeWhoseAppendsTheTestCompletes() throws Exception {
        node = EngineNode.open(dataDir,
                real -> wal = new ControlledWal(real),
                real -> stateMachine = new RecordingStateMachine(real))
                .recoverAndStart();
        firstHeldOffset = node.realWal.endOffset();
        wal.holdAppends();
    }

    @AfterEach
    void closeTheNode() {
        node.close();
    }

    private CompletableFuture<CommandResult> write(String label, MetadataCommand command) {
        CompletableFuture<CommandResult> write = node.engine.write(command);
        write.thenRun(() -> completionOrder.add(label));
        return write;
    }

    @Test
    void twoCreatesOfOneNameCompletedInReverseAreAppliedInOffsetOrder() throws Exception {
        CreateTopic first = new CreateTopic("orders", UUID.randomUUID(), List.of(List.of(1)), Map.of());
        CreateTopic second = new CreateTopic("orders", UUID.randomUUID(), List.of(List.of(1)), Map.of());
        CompletableFuture<CommandResult> writeN = write("N", first);
        CompletableFuture<CommandResult> writeN1 = write("N+1", second);
        assertThat(wal.held(0).awaitDurableOffset()).isEqualTo(firstHeldOffset);
        assertThat(wal.held(1).awaitDurableOffset()).isEqualTo(firstHeldOffset + 1);

        wal.held(1).release(); // N+1 is durable first

        assertThat(writeN1).as("N+1 must wait for N").isNotDone();
        assertThat(stateMachine.appliedOffset()).isEqualTo(firstHeldOffset - 1);
        assertThat(node.engine.view().topic("orders")).isEmpty();

        wal.held(0).release();

        assertThat(writeN.get(10, TimeUnit.SECONDS)).isEqualTo(CommandResult.OK);
        assertThat(writeN1.get(10, TimeUnit.SECONDS).error()).isEqualTo(ErrorCode.TOPIC_ALREADY_EXISTS);
        assertThat(completionOrder).containsExactly("N", "N+1");
        assertThat(node.engine.view().topic("orders")).map(TopicMetadata::topicId).contains(first.topicId());
        assertThat(appliedSinceHolding()).containsExactly(
                new Applied(firstHeldOffset, first, CommandResult.OK),
                new Applied(firstHeldOffset + 1, second, writeN1.get()));
    }

    @Test
    void twoRegistrationsOfOneBrokerCompletedInReverseLeaveTheLaterOne() throws Exception {
        BrokerInfo before = new BrokerInfo(2, "before.example", 9093, null);
        BrokerInfo after = new BrokerInfo(2, "after.example", 9094, "rack-b");
        CompletableFuture<CommandResult> writeN = write("N", new RegisterBroker(before));
        CompletableFuture<CommandResult> writeN1 = write("N+1", new RegisterBroker(after));

        wal.held(1).release();
        assertThat(writeN1).isNotDone();
        assertThat(node.engine.view().broker(2)).isEmpty();
        wal.held(0).release();

        assertThat(writeN.get(10, TimeUnit.SECONDS)).isEqualTo(CommandResult.OK);
        assertThat(writeN1.get(10, TimeUnit.SECONDS)).isEqualTo(CommandResult.OK);
        assertThat(completionOrder).containsExactly("N", "N+1");
        assertThat(node.engine.view().broker(2)).contains(after);
        assertThat(appliedSinceHolding()).extracting(Applied::offset)
                .containsExactly(firstHeldOffset, firstHeldOffset + 1);
    }

    @Test
    void eightAppendsCompletedInReverseAreAppliedAndAnsweredInOffsetOrder() throws Exception {
        int count = 8;
        List<CompletableFuture<CommandResult>> writes = new ArrayList<>();
        List<CreateTopic> commands = IntStream.range(0, count)
                .mapToObj(i -> new CreateTopic("topic-" + i, UUID.randomUUID(), List.of(List.of(1)), Map.of()))
                .toList();
        for (int i = 0; i < count; i++) {
            writes.add(write("write-" + i, commands.get(i)));
        }
        for (int i = 0; i < count; i++) {
            assertThat(wal.held(i).awaitDurableOffset()).isEqualTo(firstHeldOffset + i);
        }

        for (int i = count - 1; i >= 1; i--) {
            wal.held(i).release();
            assertThat(writes).noneMatch(CompletableFuture::isDone);
            assertThat(appliedSinceHolding()).isEmpty();
        }
        wal.held(0).release();

        for (CompletableFuture<CommandResult> write : writes) {
            assertThat(write.get(10, TimeUnit.SECONDS)).isEqualTo(CommandResult.OK);
        }
        assertThat(completionOrder).containsExactlyElementsOf(IntStream.range(0, count).mapToObj(i -> "write-" + i).toList());
        assertThat(appliedSinceHolding()).extracting(Applied::offset)
                .containsExactlyElementsOf(LongStream.range(firstHeldOffset, firstHeldOffset + count).boxed().toList());
        assertThat(appliedSinceHolding()).extracting(Applied::command).containsExactlyElementsOf(commands);
    }

    @Test
    void releasingInOrderAnswersEachWriteAsItsAppendCompletes() throws Exception {
        CompletableFuture<CommandResult> writeN = write("N", new CreateTopic("a", UUID.randomUUID(), List.of(List.of(1)), Map.of()));
        CompletableFuture<CommandResult> writeN1 = write("N+1", new CreateTopic("b", UUID.randomUUID(), List.of(List.of(1)), Map.of()));

        wal.held(0).release();
        assertThat(writeN).isCompletedWithValue(CommandResult.OK);
        assertThat(writeN1).isNotDone();
        wal.held(1).release();
        assertThat(writeN1).isCompletedWithValue(CommandResult.OK);
    }

    private List<Applied> appliedSinceHolding() {
        return stateMachine.applied().stream().filter(applied -> applied.offset() >= firstHeldOffset).toList();
    }
}
