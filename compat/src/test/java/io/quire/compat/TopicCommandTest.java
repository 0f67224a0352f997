package io.quire.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.tools.TopicCommand;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code kafka-topics} (TopicCommand of kafka-tools 4.4) against a Quire node and a 3-node Quire
 * cluster through each of its nodes and, to prove each expectation is Kafka's, against the Kafka
 * broker: --create, --list, --describe, --alter --partitions and --delete. After a change, every
 * node a client can bootstrap through shows it.
 */
class TopicCommandTest extends KafkaToolSideBySide {

    /** A partition line of --describe, up to its ISR (Kafka 4.4 prints ELR columns after it). */
    private static final Pattern PARTITION = Pattern.compile(
            "\tTopic: (?<topic>[^\t]+)\tPartition: (?<partition>\\d+)\tLeader: (?<leader>\\d+)"
                    + "\tReplicas: (?<replicas>[\\d,]+)\tIsr: (?<isr>[\\d,]+)(\t.*)?");

    private static KafkaTool.Run topics(Target target, String... args) {
        return KafkaTool.run(TopicCommand::main,
                Stream.concat(Stream.of("--bootstrap-server", target.bootstrap()), Stream.of(args)).toArray(String[]::new));
    }

    /** What --describe of {@code topic} prints through {@code node}, line by line. */
    private static List<String> describe(Target node, String topic) {
        KafkaTool.Run described = topics(node, "--describe", "--topic", topic);
        assertThat(described.status()).as("through %s: %s", node, described.output()).isZero();
        return described.lines();
    }

    /**
     * Asserts a description of {@code topic} as {@code target} must print it: the topic with its
     * partition count and replication factor, then each partition with a replica on every broker,
     * all in sync, the first one leading.
     */
    private static void assertDescribed(List<String> lines, Target target, String topic, int partitions) {
        assertThat(lines).hasSize(1 + partitions);
        assertThat(lines.get(0)).startsWith("Topic: " + topic + "\tTopicId: ")
                .contains("\tPartitionCount: " + partitions + "\tReplicationFactor: " + target.replicationFactor() + "\tConfigs: ");
        for (int partition = 0; partition < partitions; partition++) {
            Matcher line = PARTITION.matcher(lines.get(1 + partition));
            assertThat(line.matches()).as("partition line %s", lines.get(1 + partition)).isTrue();
            assertThat(line.group("topic")).isEqualTo(topic);
            assertThat(Integer.parseInt(line.group("partition"))).isEqualTo(partition);
            List<Integer> replicas = ids(line.group("replicas"));
            assertThat(replicas).containsExactlyInAnyOrderElementsOf(target.brokerIds());
            assertThat(Integer.parseInt(line.group("leader"))).isEqualTo(replicas.get(0));
            assertThat(ids(line.group("isr"))).containsExactlyInAnyOrderElementsOf(replicas);
        }
    }

    private static List<Integer> ids(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(Integer::valueOf).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void createThenListShowsTheTopic(Target target) {
        String topic = topicName("tool-created");
        KafkaTool.Run created = topics(target, "--create", "--topic", topic, "--partitions", "2",
                "--replication-factor", Integer.toString(target.replicationFactor()), "--config", "retention.ms=1000");
        assertThat(created.status()).as(created.output()).isZero();
        assertThat(created.lines()).containsExactly("Created topic " + topic + ".");

        target.awaitTopics(List.of(topic));
        for (Target node : target.everyNode()) {
            KafkaTool.Run listed = topics(node, "--list");
            assertThat(listed.status()).as(listed.output()).isZero();
            assertThat(listed.lines()).as("listed through %s", node).contains(topic);
        }
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

        List<String> lines = describe(target, topic);
        assertDescribed(lines, target, topic, 2);
        assertThat(lines.get(0)).containsPattern("Configs: (.*,)?retention.ms=1000(,|$)");
        for (Target node : target.everyNode()) {
            assertThat(describe(node, topic)).as("described through %s", node).isEqualTo(lines);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void alterPartitionsGrowsTheTopicAndRefusesToShrinkIt(Target target) throws Exception {
        String topic = topicName("tool-grown");
        target.createTopic(topic, 1, Map.of());

        KafkaTool.Run altered = topics(target, "--alter", "--topic", topic, "--partitions", "4");
        assertThat(altered.status()).as(altered.output()).isZero();
        // A cluster's other nodes receive the change in the background.
        target.awaitReplicated();
        // Kafka's broker learns of the new partitions a moment after its controller answered.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(topics(target, "--describe", "--topic", topic).output()).contains("\tPartitionCount: 4\t"));
        for (Target node : target.everyNode()) {
            assertDescribed(describe(node, topic), target, topic, 4);
        }

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
        for (Target node : target.everyNode()) {
            assertThat(topics(node, "--list").lines()).as("listed through %s", node).doesNotContain(topic);
        }
        KafkaTool.Run unknown = topics(target, "--delete", "--topic", topic);
        assertThat(unknown.status()).isEqualTo(1);
        assertThat(unknown.output()).contains("Topic '" + topic + "' does not exist as expected");
    }
}
