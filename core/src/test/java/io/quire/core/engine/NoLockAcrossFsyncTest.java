package io.quire.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.quire.api.command.CreateTopic;
import io.quire.api.command.MetadataCommand;
import io.quire.api.command.RegisterBroker;
import io.quire.api.metadata.BrokerInfo;
import io.quire.api.metadata.TopicMetadata;
import io.quire.api.result.CommandResult;
import io.quire.api.result.ErrorCode;
import io.quire.core.testing.ControlledWal;
import io.quire.core.testing.EngineNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * No lock is held across a WAL force (a lesson from the seed's system, where one froze a node for
 * hours): while an append's durability is still pending, reads, validation, the digest and further
 * writes all answer at once.
 */
@Timeout(60)
class NoLockAcrossFsyncTest {

    /** Far more than any of these calls needs, far less than "stuck behind an fsync". */
    private static final Duration PROMPTLY = Duration.ofSeconds(2);

    @TempDir
    Path dataDir;

    @Test
    void readsValidationDigestAndWritesAnswerPromptlyWhileAnAppendIsHeld() throws Exception {
        ControlledWal[] controlled = new ControlledWal[1];
        try (EngineNode node = EngineNode.open(dataDir, wal -> controlled[0] = new ControlledWal(wal), UnaryOperator.identity())
                .recoverAndStart()) {
            ControlledWal wal = controlled[0];
            write(node, new RegisterBroker(new BrokerInfo(2, "two.example", 9093, null)));
            CreateTopic existing = new CreateTopic("existing", UUID.randomUUID(), List.of(List.of(1, 2)), Map.of());
            write(node, existing);
            String digestBefore = node.engine.digest();
            wal.holdAppends();

            CreateTopic held = new CreateTopic("held", UUID.randomUUID(), List.of(List.of(1, 2)), Map.of());
            CompletableFuture<CommandResult> heldWrite = promptly("write()", () -> node.engine.write(held));
            ControlledWal.HeldAppend heldAppend = wal.held(0);
            long heldOffset = heldAppend.awaitDurableOffset();

            assertThat(heldWrite).isNotDone();
            List<TopicMetadata> topics = promptly("view().topics()", () -> List.copyOf(node.engine.view().topics()));
            assertThat(topics).extracting(TopicMetadata::name)
                    .as("not applied before the WAL reports it durable").containsExactly("existing");
            assertThat(promptly("view().brokers()", () -> List.copyOf(node.engine.view().brokers())))
                    .extracting(BrokerInfo::id).containsExactly(1, 2);
            assertThat(promptly("view().topic(name)", () -> node.engine.view().topic("existing"))).isPresent();
            assertThat(promptly("validate(new topic)", () -> node.engine.validate(
                    new CreateTopic("other", UUID.randomUUID(), List.of(List.of(2)), Map.of()))))
                    .isEqualTo(CommandResult.OK);
            assertThat(promptly("validate(duplicate)", () -> node.engine.validate(existing)).error())
                    .isEqualTo(ErrorCode.TOPIC_ALREADY_EXISTS);
            assertThat(promptly("digest()", node.engine::digest)).isEqualTo(digestBefore);
            assertThat(promptly("leadership()", node.engine::leadership).isLocalLeader()).isTrue();
            CreateTopic second = new CreateTopic("second", UUID.randomUUID(), List.of(List.of(2)), Map.of());
            CompletableFuture<CommandResult> secondWrite = promptly("a second write()", () -> node.engine.write(second));
            long secondOffset = wal.held(1).awaitDurableOffset();
            assertThat(secondOffset).isEqualTo(heldOffset + 1);
            assertThat(heldWrite).isNotDone();
            assertThat(secondWrite).isNotDone();

            heldAppend.release();
            wal.held(1).release();

            assertThat(heldWrite.get(10, TimeUnit.SECONDS)).isEqualTo(CommandResult.OK);
            assertThat(secondWrite.get(10, TimeUnit.SECONDS)).isEqualTo(CommandResult.OK);
            assertThat(node.engine.view().topic("held")).map(TopicMetadata::topicId).contains(held.topicId());
            assertThat(node.engine.view().topic("second")).isPresent();
            assertThat(node.stateMachine.appliedOffset()).isEqualTo(secondOffset);
            assertThat(node.engine.digest()).isNotEqualTo(digestBefore);
        }
    }

    private static void write(EngineNode node, MetadataCommand command) throws Exception {
        assertThat(node.engine.write(command).get(10, TimeUnit.SECONDS)).isEqualTo(CommandResult.OK);
    }

    /** Runs {@code call} on another thread and fails if it does not return within {@link #PROMPTLY}. */
    private static <T> T promptly(String what, Supplier<T> call) {
        return assertTimeoutPreemptively(PROMPTLY, call::get, () -> what + " blocked while a WAL append was held");
    }
}
