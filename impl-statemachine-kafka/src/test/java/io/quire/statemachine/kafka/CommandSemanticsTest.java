package io.quire.statemachine.kafka;

import static io.quire.statemachine.kafka.StateMachines.broker;
import static io.quire.statemachine.kafka.StateMachines.create;
import static io.quire.statemachine.kafka.StateMachines.delete;
import static io.quire.statemachine.kafka.StateMachines.idOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.quire.api.command.CreateTopic;
import io.quire.api.command.DeleteTopic;
import io.quire.api.command.MetadataCommand;
import io.quire.api.command.RegisterBroker;
import io.quire.api.metadata.BrokerInfo;
import io.quire.api.metadata.PartitionMetadata;
import io.quire.api.metadata.TopicMetadata;
import io.quire.api.result.CommandResult;
import io.quire.api.result.ErrorCode;
import io.quire.spi.statemachine.StateMachine;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What each command does to the state, and the result each kind of refusal gives. */
class CommandSemanticsTest {

    @TempDir
    Path dir;

    private StateMachine stateMachine;
    private long nextOffset;

    @BeforeEach
    void registerThreeBrokers() {
        stateMachine = StateMachines.create(dir);
        for (int id = 1; id <= 3; id++) {
            assertThat(apply(broker(id))).isEqualTo(CommandResult.OK);
        }
    }

    private CommandResult apply(MetadataCommand command) {
        return stateMachine.apply(nextOffset++, command);
    }

    private TopicMetadata topic(String name) {
        return stateMachine.view().topic(name).orElseThrow(() -> new AssertionError("no topic " + name));
    }

    // --- RegisterBroker ---------------------------------------------------------------------------

    @Test
    void registeredBrokersAreVisibleOrderedById() {
        apply(new RegisterBroker(new BrokerInfo(0, "zero.example", 9000, "rack-a")));

        assertThat(stateMachine.view().brokers()).extracting(BrokerInfo::id).containsExactly(0, 1, 2, 3);
        assertThat(stateMachine.view().broker(0))
                .contains(new BrokerInfo(0, "zero.example", 9000, "rack-a"));
        assertThat(stateMachine.view().broker(4)).isEmpty();
    }

    @Test
    void registeringABrokerAgainReplacesItsRegistration() {
        BrokerInfo moved = new BrokerInfo(2, "moved.example", 19092, "rack-z");

        assertThat(apply(new RegisterBroker(moved))).isEqualTo(CommandResult.OK);

        assertThat(stateMachine.view().broker(2)).contains(moved);
        assertThat(stateMachine.view().brokers()).hasSize(3);
    }

    // --- CreateTopic ------------------------------------------------------------------------------

    @Test
    void createdTopicHasTheAssignedReplicasWithThePreferredLeaderFirst() {
        CreateTopic command = create("orders", List.of(List.of(1, 2), List.of(2, 3), List.of(3, 1)),
                Map.of("retention.ms", "1000"));

        assertThat(apply(command)).isEqualTo(CommandResult.OK);

        TopicMetadata topic = topic("orders");
        assertThat(topic.topicId()).isEqualTo(command.topicId());
        assertThat(topic.configs()).containsExactly(Map.entry("retention.ms", "1000"));
        assertThat(topic.partitions()).containsExactly(
                new PartitionMetadata(0, 1, 0, List.of(1, 2), List.of(1, 2)),
                new PartitionMetadata(1, 2, 0, List.of(2, 3), List.of(2, 3)),
                new PartitionMetadata(2, 3, 0, List.of(3, 1), List.of(3, 1)));
        assertThat(stateMachine.view().topic(command.topicId())).contains(topic);
    }

    @Test
    void topicsAreListedByName() {
        apply(create("charlie", List.of(List.of(1))));
        apply(create("alpha", List.of(List.of(1))));
        apply(create("bravo", List.of(List.of(1))));

        assertThat(stateMachine.view().topics()).extracting(TopicMetadata::name)
                .containsExactly("alpha", "bravo", "charlie");
    }

    @Test
    void creatingAnExistingTopicFailsWithTopicAlreadyExistsAndKeepsTheOriginal() {
        apply(create("orders", List.of(List.of(1))));
        TopicMetadata original = topic("orders");

        CommandResult result = apply(new CreateTopic("orders", UUID.randomUUID(), List.of(List.of(2), List.of(3)), Map.of()));

        assertThat(result.error()).isEqualTo(ErrorCode.TOPIC_ALREADY_EXISTS);
        assertThat(result.message()).contains("orders");
        assertThat(topic("orders")).isEqualTo(original);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"", ".", "..", "has space", "slash/name", "colon:name", "star*", "ümlaut", "tab\tname"})
    void creatingATopicWithAKafkaIllegalNameFailsWithInvalidTopic(String name) {
        CommandResult result = apply(new CreateTopic(name, UUID.randomUUID(), List.of(List.of(1)), Map.of()));

        assertThat(result.error()).isEqualTo(ErrorCode.INVALID_TOPIC);
        assertThat(stateMachine.view().topics()).isEmpty();
    }

    @Test
    void topicNamesLongerThan249CharactersAreInvalidAnd249AreFine() {
        String longest = "t".repeat(249);

        assertThat(apply(create(longest + "t", List.of(List.of(1)))).error()).isEqualTo(ErrorCode.INVALID_TOPIC);
        assertThat(apply(create(longest, List.of(List.of(1))))).isEqualTo(CommandResult.OK);
        assertThat(stateMachine.view().topics()).extracting(TopicMetadata::name).containsExactly(longest);
    }

    @Test
    void namesThatCollideOnDotAndUnderscoreAreInvalidTopics() {
        apply(create("metrics.cpu", List.of(List.of(1))));

        CommandResult underscore = apply(create("metrics_cpu", List.of(List.of(1))));

        assertThat(underscore.error()).isEqualTo(ErrorCode.INVALID_TOPIC);
        assertThat(underscore.message()).contains("metrics.cpu");
        assertThat(stateMachine.view().topic("metrics_cpu")).isEmpty();
        assertThat(stateMachine.view().topicCollidingWith("metrics_cpu")).contains("metrics.cpu");
        assertThat(stateMachine.view().topicCollidingWith("metrics.cpu")).as("a name does not collide with itself").isEmpty();
    }

    @Test
    void underscoreFirstThenDotCollidesToo() {
        apply(create("a_b_c", List.of(List.of(1))));

        assertThat(apply(create("a.b_c", List.of(List.of(1)))).error()).isEqualTo(ErrorCode.INVALID_TOPIC);
        assertThat(apply(create("a.b.c", List.of(List.of(1)))).error()).isEqualTo(ErrorCode.INVALID_TOPIC);
    }

    @Test
    void deletingATopicReleasesItsCollisionKey() {
        apply(create("metrics.cpu", List.of(List.of(1))));
        apply(delete(topic("metrics.cpu")));

        assertThat(apply(create("metrics_cpu", List.of(List.of(1))))).isEqualTo(CommandResult.OK);
        assertThat(stateMachine.view().topicCollidingWith("metrics.cpu")).contains("metrics_cpu");
    }

    @Test
    void aTopicIdAlreadyInUseIsRefused() {
        apply(create("first", List.of(List.of(1))));

        CommandResult result = apply(new CreateTopic("second", idOf("first"), List.of(List.of(1)), Map.of()));

        assertThat(result.error()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(stateMachine.view().topic("second")).isEmpty();
        assertThat(stateMachine.view().topic(idOf("first"))).map(TopicMetadata::name).contains("first");
    }

    @Test
    void replicaOnAnUnregisteredBrokerIsAnInvalidReplicaAssignment() {
        CommandResult result = apply(create("orders", List.of(List.of(1, 2), List.of(3, 4))));

        assertThat(result.error()).isEqualTo(ErrorCode.INVALID_REPLICA_ASSIGNMENT);
        assertThat(result.message()).contains("broker 4");
        assertThat(stateMachine.view().topic("orders")).isEmpty();
    }

    @Test
    void aBrokerListedTwiceInOnePartitionIsAnInvalidReplicaAssignment() {
        CommandResult result = apply(create("orders", List.of(List.of(1, 2), List.of(2, 2))));

        assertThat(result.error()).isEqualTo(ErrorCode.INVALID_REPLICA_ASSIGNMENT);
        assertThat(stateMachine.view().topic("orders")).isEmpty();
    }

    @Test
    void aPartitionWithoutReplicasIsAnInvalidReplicaAssignment() {
        CommandResult result = apply(create("orders", List.of(List.of(1), List.of())));

        assertThat(result.error()).isEqualTo(ErrorCode.INVALID_REPLICA_ASSIGNMENT);
        assertThat(result.message()).contains("Partition 1");
        assertThat(stateMachine.view().topic("orders")).isEmpty();
    }

    @Test
    void aTopicWithoutPartitionsFailsWithInvalidPartitions() {
        CommandResult result = apply(create("orders", List.of()));

        assertThat(result.error()).isEqualTo(ErrorCode.INVALID_PARTITIONS);
        assertThat(stateMachine.view().topic("orders")).isEmpty();
    }

    // --- DeleteTopic ------------------------------------------------------------------------------

    @Test
    void deletedTopicIsGoneByNameAndById() {
        apply(create("orders", List.of(List.of(1))));
        TopicMetadata orders = topic("orders");

        assertThat(apply(delete(orders))).isEqualTo(CommandResult.OK);

        assertThat(stateMachine.view().topic("orders")).isEmpty();
        assertThat(stateMachine.view().topic(orders.topicId())).isEmpty();
        assertThat(stateMachine.view().topics()).isEmpty();
    }

    @Test
    void deletingAnUnknownTopicFailsWithUnknownTopic() {
        CommandResult result = apply(new DeleteTopic("ghost", UUID.randomUUID()));

        assertThat(result.error()).isEqualTo(ErrorCode.UNKNOWN_TOPIC);
        assertThat(result.message()).contains("ghost");
    }

    @Test
    void deletingWithTheWrongIdFailsWithUnknownTopicAndKeepsTheTopic() {
        apply(create("orders", List.of(List.of(1))));
        TopicMetadata orders = topic("orders");

        CommandResult result = apply(new DeleteTopic("orders", UUID.randomUUID()));

        assertThat(result.error()).isEqualTo(ErrorCode.UNKNOWN_TOPIC);
        assertThat(topic("orders")).isEqualTo(orders);
    }

    @Test
    void aDeleteDecidedAgainstAnEarlierIncarnationDoesNotRemoveTheRecreatedTopic() {
        apply(create("orders", List.of(List.of(1))));
        DeleteTopic staleDelete = delete(topic("orders"));
        apply(staleDelete);
        UUID secondIncarnation = UUID.randomUUID();
        apply(new CreateTopic("orders", secondIncarnation, List.of(List.of(2)), Map.of()));

        assertThat(apply(staleDelete).error()).isEqualTo(ErrorCode.UNKNOWN_TOPIC);
        assertThat(topic("orders").topicId()).isEqualTo(secondIncarnation);
    }
}
