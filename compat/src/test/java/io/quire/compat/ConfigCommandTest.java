package io.quire.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.tools.ConfigCommand;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code kafka-configs --entity-type topics} (ConfigCommand of kafka-tools 4.4): --describe, and
 * --alter with --add-config and --delete-config, against a Quire node and a 3-node Quire cluster
 * through each of its nodes and, to prove each expectation is Kafka's, against the Kafka broker.
 * After a change, every node a client can bootstrap through describes it.
 */
class ConfigCommandTest extends KafkaToolSideBySide {

    private static KafkaTool.Run configs(Target target, String topic, String... args) {
        return KafkaTool.run(ConfigCommand::main, Stream.concat(Stream.of("--bootstrap-server", target.bootstrap(),
                "--entity-type", "topics", "--entity-name", topic), Stream.of(args)).toArray(String[]::new));
    }

    /** Asserts that --describe through every node of {@code target} prints exactly {@code lines}, in any order. */
    private static void assertDescribedEverywhere(Target target, String topic, String... lines) {
        for (Target node : target.everyNode()) {
            KafkaTool.Run described = configs(node, topic, "--describe");
            assertThat(described.status()).as("through %s: %s", node, described.output()).isZero();
            assertThat(described.lines()).as("described through %s", node).containsExactlyInAnyOrder(lines);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void describeListsTheTopicsOverrides(Target target) throws Exception {
        String topic = topicName("tool-configured");
        target.createTopic(topic, 1, Map.of("retention.ms", "1000"));

        KafkaTool.Run described = configs(target, topic, "--describe");
        assertThat(described.status()).as(described.output()).isZero();
        assertThat(described.lines()).containsExactly(
                "Dynamic configs for topic " + topic + " are:",
                "  retention.ms=1000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=1000}");
        assertDescribedEverywhere(target, topic, described.lines().toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void alterAddsAndDeletesConfigs(Target target) throws Exception {
        String topic = topicName("tool-reconfigured");
        target.createTopic(topic, 1, Map.of());

        KafkaTool.Run added = configs(target, topic, "--alter", "--add-config", "retention.ms=2000,cleanup.policy=compact");
        assertThat(added.status()).as(added.output()).isZero();
        assertThat(added.lines()).containsExactly("Completed updating config for topic " + topic + ".");
        // A cluster's other nodes receive the change in the background.
        target.awaitReplicated();
        assertDescribedEverywhere(target, topic,
                "Dynamic configs for topic " + topic + " are:",
                "  cleanup.policy=compact sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:cleanup.policy=compact, "
                        + "DEFAULT_CONFIG:log.cleanup.policy=delete}",
                "  retention.ms=2000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=2000}");

        KafkaTool.Run deleted = configs(target, topic, "--alter", "--delete-config", "retention.ms");
        assertThat(deleted.status()).as(deleted.output()).isZero();
        target.awaitReplicated();
        assertDescribedEverywhere(target, topic,
                "Dynamic configs for topic " + topic + " are:",
                "  cleanup.policy=compact sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:cleanup.policy=compact, "
                        + "DEFAULT_CONFIG:log.cleanup.policy=delete}");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void alterWithAnInvalidValueFailsAndChangesNothing(Target target) throws Exception {
        String topic = topicName("tool-misconfigured");
        target.createTopic(topic, 1, Map.of());

        KafkaTool.Run refused = configs(target, topic, "--alter", "--add-config", "retention.ms=soon");
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.output()).contains("InvalidConfigurationException");
        assertDescribedEverywhere(target, topic, "Dynamic configs for topic " + topic + " are:");
    }
}
