package io.quire.statemachine.kafka;

import static io.quire.statemachine.kafka.StateMachines.broker;
import static io.quire.statemachine.kafka.StateMachines.create;
import static org.assertj.core.api.Assertions.assertThat;

import io.quire.api.command.AlterTopicConfigs;
import io.quire.api.command.CreatePartitions;
import io.quire.api.command.MetadataCommand;
import io.quire.api.metadata.PartitionMetadata;
import io.quire.api.metadata.TopicMetadata;
import io.quire.api.result.CommandResult;
import io.quire.api.result.ErrorCode;
import io.quire.spi.statemachine.StateMachine;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CreatePartitions and AlterTopicConfigs: what they change, what they refuse, and that snapshots keep it. */
class GrowAndReconfigureTest {

    @TempDir
    Path dir;

    private StateMachine stateMachine;
    private long nextOffset;
    private UUID ordersId;

    @BeforeEach
    void createOrders() {
        stateMachine = StateMachines.create(dir.resolve("a"));
        for (int id = 1; id <= 3; id++) {
            apply(broker(id));
        }
        assertThat(apply(create("orders", List.of(List.of(1, 2)), Map.of("retention.ms", "1000"))))
                .isEqualTo(CommandResult.OK);
        ordersId = topic().topicId();
    }

    private CommandResult apply(MetadataCommand command) {
        return stateMachine.apply(nextOffset++, command);
    }

    private TopicMetadata topic() {
        return stateMachine.view().topic("orders").orElseThrow();
    }

    @Test
    void createPartitionsAppendsPartitionsLedByTheirFirstReplicaAndKeepsTheOthers() {
        assertThat(apply(new CreatePartitions("orders", ordersId, 1, List.of(List.of(2, 3), List.of(3, 1)))))
                .isEqualTo(CommandResult.OK);

        assertThat(topic().partitions()).extracting(PartitionMetadata::partition).containsExactly(0, 1, 2);
        assertThat(topic().partitions().get(2).leader()).isEqualTo(3);
        assertThat(topic().partitions().get(2).isr()).containsExactly(3, 1);
        assertThat(topic().partitions().get(0).replicas()).containsExactly(1, 2);
        assertThat(topic().configs()).containsEntry("retention.ms", "1000");
    }

    @Test
    void createPartitionsDecidedAgainstAnOlderCountIsRefused() {
        apply(new CreatePartitions("orders", ordersId, 1, List.of(List.of(2, 3))));

        CommandResult stale = apply(new CreatePartitions("orders", ordersId, 1, List.of(List.of(3, 1))));

        assertThat(stale.error()).isEqualTo(ErrorCode.INVALID_PARTITIONS);
        assertThat(stale.message()).isEqualTo("Topic already has 2 partition(s).");
        assertThat(topic().partitions()).hasSize(2);
    }

    @Test
    void createPartitionsRefusesAnotherIncarnationAndUnknownBrokers() {
        assertThat(apply(new CreatePartitions("orders", UUID.randomUUID(), 1, List.of(List.of(1)))).error())
                .isEqualTo(ErrorCode.UNKNOWN_TOPIC);
        assertThat(apply(new CreatePartitions("orders", ordersId, 1, List.of(List.of(9)))).error())
                .isEqualTo(ErrorCode.INVALID_REPLICA_ASSIGNMENT);
        assertThat(topic().partitions()).hasSize(1);
    }

    @Test
    void alterTopicConfigsReplacesTheWholeMapOfThatIncarnationOnly() {
        assertThat(apply(new AlterTopicConfigs("orders", ordersId, Optional.of(Map.of("retention.ms", "1000")),
                Map.of("cleanup.policy", "compact")))).isEqualTo(CommandResult.OK);
        assertThat(topic().configs()).containsExactlyEntriesOf(Map.of("cleanup.policy", "compact"));

        assertThat(apply(new AlterTopicConfigs("orders", UUID.randomUUID(), Optional.of(Map.of("cleanup.policy", "compact")),
                Map.of())).error()).isEqualTo(ErrorCode.UNKNOWN_TOPIC);
        assertThat(topic().configs()).containsExactlyEntriesOf(Map.of("cleanup.policy", "compact"));
    }

    @Test
    void alterTopicConfigsComputedFromOlderConfigsIsRefusedAsStaleAndChangesNothing() {
        Map<String, String> seen = topic().configs();
        apply(new AlterTopicConfigs("orders", ordersId, Optional.of(seen), Map.of("retention.ms", "1000", "segment.ms", "1")));
        String digest = stateMachine.digest();

        // Computed from the same overrides as the first: applying it would drop segment.ms.
        CommandResult stale = apply(new AlterTopicConfigs("orders", ordersId, Optional.of(seen),
                Map.of("retention.ms", "1000", "cleanup.policy", "compact")));

        assertThat(stale.error()).isEqualTo(ErrorCode.STALE_COMMAND);
        assertThat(stale.message()).isEqualTo("The configs of topic 'orders' changed after this change was computed from them.");
        assertThat(topic().configs()).containsExactlyInAnyOrderEntriesOf(Map.of("retention.ms", "1000", "segment.ms", "1"));
        assertThat(stateMachine.digest()).isEqualTo(digest);
        assertThat(stateMachine.validate(new AlterTopicConfigs("orders", ordersId, Optional.of(seen), Map.of())).error())
                .isEqualTo(ErrorCode.STALE_COMMAND);
    }

    @Test
    void alterTopicConfigsWithoutAnExpectationAppliesWhateverTheCurrentConfigs() {
        // How a command written before expectations existed replays: unconditionally, as it did then.
        apply(new AlterTopicConfigs("orders", ordersId, Optional.empty(), Map.of("segment.ms", "1")));

        assertThat(apply(new AlterTopicConfigs("orders", ordersId, Optional.empty(), Map.of("cleanup.policy", "compact"))))
                .isEqualTo(CommandResult.OK);
        assertThat(topic().configs()).containsExactlyEntriesOf(Map.of("cleanup.policy", "compact"));
    }

    @Test
    void aSnapshotCarriesGrownPartitionsAndNewConfigsAndTheDigestFollowsThem() throws IOException {
        String before = stateMachine.digest();
        apply(new CreatePartitions("orders", ordersId, 1, List.of(List.of(2, 3))));
        String grown = stateMachine.digest();
        apply(new AlterTopicConfigs("orders", ordersId, Optional.of(topic().configs()), Map.of("segment.ms", "60000")));
        assertThat(List.of(before, grown, stateMachine.digest())).doesNotHaveDuplicates();

        StateMachine restored = StateMachines.create(dir.resolve("b"));
        restored.restoreSnapshot(new ByteArrayInputStream(StateMachines.snapshotOf(stateMachine)));

        assertThat(restored.view().topic("orders")).contains(topic());
        assertThat(restored.digest()).isEqualTo(stateMachine.digest());
    }
}
