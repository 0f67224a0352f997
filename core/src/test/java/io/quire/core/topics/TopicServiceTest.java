package io.quire.core.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.api.command.CreateTopic;
import io.quire.api.command.RegisterBroker;
import io.quire.api.metadata.BrokerInfo;
import io.quire.api.metadata.PartitionMetadata;
import io.quire.api.metadata.TopicMetadata;
import io.quire.api.result.CommandResult;
import io.quire.api.result.ErrorCode;
import io.quire.core.testing.EngineNode;
import io.quire.spi.wal.WalRecord;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TopicService over a started engine with brokers 1, 2 and 3 registered. */
class TopicServiceTest {

    private static final TopicDefaults DEFAULTS = new TopicDefaults(3, 2);
    private static final int D = NewTopic.DEFAULT;

    @TempDir
    Path dataDir;

    private EngineNode node;
    private TopicService topics;

    @BeforeEach
    void startWithThreeBrokers() throws Exception {
        node = EngineNode.open(dataDir).recoverAndStart();
        for (int id = 2; id <= 3; id++) {
            assertThat(node.engine.write(new RegisterBroker(new BrokerInfo(id, "broker-" + id, 9092, null)))
                    .get(10, TimeUnit.SECONDS)).isEqualTo(CommandResult.OK);
        }
        topics = new TopicService(node.engine, DEFAULTS);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private TopicCreation create(NewTopic request) throws Exception {
        return topics.create(request, false).get(10, TimeUnit.SECONDS);
    }

    private static NewTopic placed(String name, int partitions, int replicationFactor) {
        return new NewTopic(name, partitions, replicationFactor, Map.of(), Map.of());
    }

    @Test
    void defaultPartitionsAndReplicationFactorComeFromTopicDefaults() throws Exception {
        TopicCreation creation = create(new NewTopic("defaults", D, D, Map.of(), Map.of("retention.ms", "5")));

        assertThat(creation.result()).isEqualTo(CommandResult.OK);
        TopicMetadata topic = node.engine.view().topic("defaults").orElseThrow();
        assertThat(topic.partitions()).hasSize(DEFAULTS.partitions());
        assertThat(topic.partitions()).allSatisfy(partition -> {
            assertThat(partition.replicas()).hasSize(DEFAULTS.replicationFactor()).doesNotHaveDuplicates();
            assertThat(partition.replicas()).allMatch(id -> id >= 1 && id <= 3);
            assertThat(partition.leader()).isEqualTo(partition.replicas().get(0));
        });
        assertThat(topic.configs()).containsExactly(Map.entry("retention.ms", "5"));
        assertThat(creation.command()).map(CreateTopic::topicId).contains(topic.topicId());
    }

    @Test
    void onlyTheDefaultedValueIsTakenFromTheDefaults() throws Exception {
        assertThat(create(placed("p5", 5, D)).result()).isEqualTo(CommandResult.OK);
        assertThat(create(placed("rf3", D, 3)).result()).isEqualTo(CommandResult.OK);

        TopicMetadata p5 = node.engine.view().topic("p5").orElseThrow();
        assertThat(p5.partitions()).hasSize(5).allSatisfy(p -> assertThat(p.replicas()).hasSize(2));
        TopicMetadata rf3 = node.engine.view().topic("rf3").orElseThrow();
        assertThat(rf3.partitions()).hasSize(3).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
    }

    @Test
    void placedLeadersAreSpreadOverTheRegisteredBrokers() throws Exception {
        assertThat(create(placed("spread", 6, 1)).result()).isEqualTo(CommandResult.OK);

        List<Integer> leaders = node.engine.view().topic("spread").orElseThrow().partitions().stream()
                .map(PartitionMetadata::leader).toList();
        assertThat(leaders).containsOnly(1, 2, 3);
        for (int broker = 1; broker <= 3; broker++) {
            int id = broker;
            assertThat(leaders.stream().filter(leader -> leader == id).count()).as("partitions led by %d", id).isEqualTo(2);
        }
    }

    @Test
    void aReplicationFactorAboveTheRegisteredBrokerCountIsRefused() throws Exception {
        long endOffset = node.realWal.endOffset();

        TopicCreation creation = create(placed("too-many", 1, 4));

        assertThat(creation.result().error()).isEqualTo(ErrorCode.INVALID_REPLICATION_FACTOR);
        assertThat(creation.result().message()).contains("4").contains("3 broker");
        assertThat(creation.command()).isEmpty();
        assertThat(node.realWal.endOffset()).isEqualTo(endOffset);
        assertThat(node.engine.view().topic("too-many")).isEmpty();
    }

    @Test
    void aReplicationFactorOfZeroIsRefused() throws Exception {
        assertThat(create(placed("rf0", 1, 0)).result().error()).isEqualTo(ErrorCode.INVALID_REPLICATION_FACTOR);
    }

    @Test
    void zeroPartitionsAreRefused() throws Exception {
        long endOffset = node.realWal.endOffset();

        TopicCreation creation = create(placed("empty", 0, 1));

        assertThat(creation.result().error()).isEqualTo(ErrorCode.INVALID_PARTITIONS);
        assertThat(creation.command()).isEmpty();
        assertThat(node.realWal.endOffset()).isEqualTo(endOffset);
    }

    @Test
    void anExplicitAssignmentTogetherWithNumPartitionsIsAnInvalidRequest() throws Exception {
        Map<Integer, List<Integer>> assignment = Map.of(0, List.of(1, 2));

        TopicCreation withPartitions = create(new NewTopic("both", 1, D, assignment, Map.of()));
        TopicCreation withReplicationFactor = create(new NewTopic("both", D, 2, assignment, Map.of()));

        assertThat(withPartitions.result().error()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(withReplicationFactor.result().error()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(node.engine.view().topic("both")).isEmpty();
    }

    @Test
    void anExplicitAssignmentIsWrittenAsGiven() throws Exception {
        Map<Integer, List<Integer>> assignment = Map.of(0, List.of(3, 1), 1, List.of(2, 3), 2, List.of(1, 2));

        TopicCreation creation = create(new NewTopic("explicit", D, D, assignment, Map.of()));

        assertThat(creation.result()).isEqualTo(CommandResult.OK);
        assertThat(creation.command().orElseThrow().replicaAssignment())
                .containsExactly(List.of(3, 1), List.of(2, 3), List.of(1, 2));
        assertThat(node.engine.view().topic("explicit").orElseThrow().partitions())
                .extracting(PartitionMetadata::replicas)
                .containsExactly(List.of(3, 1), List.of(2, 3), List.of(1, 2));
    }

    @Test
    void anAssignmentWithAGapInPartitionNumbersIsAnInvalidReplicaAssignment() throws Exception {
        long endOffset = node.realWal.endOffset();

        TopicCreation creation = create(new NewTopic("gap", D, D, Map.of(0, List.of(1), 2, List.of(2)), Map.of()));

        assertThat(creation.result().error()).isEqualTo(ErrorCode.INVALID_REPLICA_ASSIGNMENT);
        assertThat(creation.result().message()).contains("partition 1");
        assertThat(creation.command()).isEmpty();
        assertThat(node.realWal.endOffset()).isEqualTo(endOffset);
    }

    @Test
    void anAssignmentNotStartingAtZeroIsAnInvalidReplicaAssignment() throws Exception {
        TopicCreation creation = create(new NewTopic("from-one", D, D, Map.of(1, List.of(1), 2, List.of(2)), Map.of()));

        assertThat(creation.result().error()).isEqualTo(ErrorCode.INVALID_REPLICA_ASSIGNMENT);
    }

    @Test
    void anAssignmentNamingAnUnregisteredBrokerIsRefusedByTheStateMachine() throws Exception {
        long endOffset = node.realWal.endOffset();

        TopicCreation creation = create(new NewTopic("nowhere", D, D, Map.of(0, List.of(1, 9)), Map.of()));

        assertThat(creation.result().error()).isEqualTo(ErrorCode.INVALID_REPLICA_ASSIGNMENT);
        assertThat(node.realWal.endOffset()).isEqualTo(endOffset);
    }

    @Test
    void validateOnlyAnswersButWritesNothing() throws Exception {
        long endOffset = node.realWal.endOffset();
        String digest = node.engine.digest();

        TopicCreation creation = topics.create(placed("dry-run", 4, 3), true).get(10, TimeUnit.SECONDS);

        assertThat(creation.result()).isEqualTo(CommandResult.OK);
        assertThat(creation.command()).hasValueSatisfying(command -> {
            assertThat(command.name()).isEqualTo("dry-run");
            assertThat(command.replicaAssignment()).hasSize(4).allSatisfy(replicas -> assertThat(replicas).hasSize(3));
        });
        assertThat(node.realWal.endOffset()).isEqualTo(endOffset);
        assertThat(node.engine.digest()).isEqualTo(digest);
        assertThat(node.engine.view().topic("dry-run")).isEmpty();
    }

    @Test
    void validateOnlyReportsWhatCreatingWouldReport() throws Exception {
        assertThat(create(placed("exists", 1, 1)).result()).isEqualTo(CommandResult.OK);
        long endOffset = node.realWal.endOffset();

        TopicCreation duplicate = topics.create(placed("exists", 1, 1), true).get(10, TimeUnit.SECONDS);
        TopicCreation illegal = topics.create(placed("il/legal", 1, 1), true).get(10, TimeUnit.SECONDS);
        TopicCreation tooMany = topics.create(placed("rf", 1, 5), true).get(10, TimeUnit.SECONDS);

        assertThat(duplicate.result().error()).isEqualTo(ErrorCode.TOPIC_ALREADY_EXISTS);
        assertThat(illegal.result().error()).isEqualTo(ErrorCode.INVALID_TOPIC);
        assertThat(tooMany.result().error()).isEqualTo(ErrorCode.INVALID_REPLICATION_FACTOR);
        assertThat(node.realWal.endOffset()).isEqualTo(endOffset);
    }

    @Test
    void eachCreatedTopicGetsItsOwnId() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertThat(create(placed("t" + i, 1, 1)).result()).isEqualTo(CommandResult.OK);
        }

        assertThat(new HashSet<>(node.engine.view().topics().stream().map(TopicMetadata::topicId).toList())).hasSize(20);
    }

    @Test
    void deleteByNameAndByIdRemoveTheTopic() throws Exception {
        create(placed("by-name", 1, 1));
        create(placed("by-id", 1, 1));
        TopicMetadata byId = node.engine.view().topic("by-id").orElseThrow();

        assertThat(topics.delete("by-name").get(10, TimeUnit.SECONDS)).isEqualTo(CommandResult.OK);
        assertThat(topics.delete(byId.topicId()).get(10, TimeUnit.SECONDS)).isEqualTo(CommandResult.OK);

        assertThat(node.engine.view().topics()).isEmpty();
        List<WalRecord> records = node.walRecords();
        assertThat(records).hasSize(3 + 4);
    }

    @Test
    void deletingAnUnknownTopicIsRefusedWithoutWriting() throws Exception {
        long endOffset = node.realWal.endOffset();

        CommandResult byName = topics.delete("ghost").get(10, TimeUnit.SECONDS);
        CommandResult byId = topics.delete(UUID.randomUUID()).get(10, TimeUnit.SECONDS);

        assertThat(byName.error()).isEqualTo(ErrorCode.UNKNOWN_TOPIC);
        assertThat(byId.error()).isEqualTo(ErrorCode.UNKNOWN_TOPIC);
        assertThat(node.realWal.endOffset()).isEqualTo(endOffset);
    }
}
