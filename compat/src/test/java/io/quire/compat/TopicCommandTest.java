package io.quire.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.tools.TopicCommand;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code kafka-topics} (TopicCommand of kafka-tools 4.4) against a Quire node and, to prove each
 * expectation is Kafka's, against the Kafka broker: --create, --list, --describe,
 * --alter --partitions and --delete.
 *
 * <p>Single node only: running the tool against every node of a 3-node cluster needs follower
 * writes, whose consensus plugin is being built.
 */
class TopicCommandTest extends SideBySide {

    private static KafkaTool.Run topics(Target target, String... args) {
        return KafkaTool.run(TopicCommand::main,
                Stream.concat(Stream.of("--bootstrap-server", target.bootstrap()), Stream.of(args)).toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void createThenListShowsTheTopic(Target target) {
        String topic = topicName("tool-created");
        KafkaTool.Run created = topics(target, "--create", "--topic", topic, "--partitions", "2",
                "--replication-factor", "1", "--config", "retention.ms=1000");
        assertThat(created.status()).as(created.output()).isZero();
        assertThat(created.lines()).containsExactly("Created topic " + topic + ".");

        target.awaitTopics(List.of(topic));
        KafkaTool.Run listed = topics(target, "--list");
        assertThat(listed.status()).as(listed.output()).isZero();
        assertThat(listed.lines()).contains(topic);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void createOfAnExistingTopicFailsSayingSo(Target target) throws Exception {
        String topic = topicName("tool-twice");
        target.createTopic(topic, 1, Map.of());

        KafkaTool.Run again = topics(target, "--create", "--topic", topic, "--partitions", "1");
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.lines()).containsExactly("Error while executing topic command : Topic '" + topic + "' already exists.");

        KafkaTool.Run tolerated = topics(target, "--create", "--if-not-exists", "--topic", topic, "--partitions", "1");
        assertThat(tolerated.status()).as(tolerated.output()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void describePrintsTheTopicItsOverriddenConfigsAndEveryPartition(Target target) throws Exception {
        String topic = topicName("tool-described");
        target.createTopic(topic, 2, Map.of("retention.ms", "1000"));

        KafkaTool.Run described = topics(target, "--describe", "--topic", topic);
        assertThat(described.status()).as(described.output()).isZero();
        List<String> lines = described.lines();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("Topic: " + topic + "\tTopicId: ")
                .contains("\tPartitionCount: 2\tReplicationFactor: 1\tConfigs: ")
                .containsPattern("Configs: (.*,)?retention.ms=1000(,|$)");
        int node = target.nodeId();
        for (int partition = 0; partition < 2; partition++) {
            assertThat(lines.get(1 + partition)).startsWith("\tTopic: " + topic + "\tPartition: " + partition
                    + "\tLeader: " + node + "\tReplicas: " + node + "\tIsr: " + node);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void alterPartitionsGrowsTheTopicAndRefusesToShrinkIt(Target target) throws Exception {
        String topic = topicName("tool-grown");
        target.createTopic(topic, 1, Map.of());

        KafkaTool.Run altered = topics(target, "--alter", "--topic", topic, "--partitions", "4");
        assertThat(altered.status()).as(altered.output()).isZero();
        // Kafka's broker learns of the new partitions a moment after its controller answered.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(topics(target, "--describe", "--topic", topic).output()).contains("\tPartitionCount: 4\t"));

        KafkaTool.Run shrunk = topics(target, "--alter", "--topic", topic, "--partitions", "2");
        assertThat(shrunk.status()).isEqualTo(1);
        assertThat(shrunk.output()).contains("currently has 4 partition(s); 2 would not be an increase");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void deleteRemovesTheTopic(Target target) throws Exception {
        String topic = topicName("tool-deleted");
        target.createTopic(topic, 1, Map.of());

        KafkaTool.Run deleted = topics(target, "--delete", "--topic", topic);
        assertThat(deleted.status()).as(deleted.output()).isZero();

        target.awaitNoTopics(List.of(topic));
        assertThat(topics(target, "--list").lines()).doesNotContain(topic);
        KafkaTool.Run unknown = topics(target, "--delete", "--topic", topic);
        assertThat(unknown.status()).isEqualTo(1);
        assertThat(unknown.output()).contains("Topic '" + topic + "' does not exist as expected");
    }
}
