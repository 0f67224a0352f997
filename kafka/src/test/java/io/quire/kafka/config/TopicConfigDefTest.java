package io.quire.kafka.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.apache.kafka.storage.internals.log.LogConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Quire's copy of the topic configs against Kafka 4.4's own definition ({@code LogConfig}, from
 * Kafka's server jars, which only the tests see): the same keys, types, defaults, validators and
 * documentation, and the same verdict and message for valid and invalid overrides.
 */
class TopicConfigDefTest {

    private static final Map<String, ConfigKey> KAFKA = LogConfig.configDefCopy().configKeys();
    private static final Map<String, ConfigKey> QUIRE = TopicConfigDef.DEFINITION.configKeys();

    @Test
    void definesExactlyKafkasTopicConfigsWithTheirTypesDefaultsValidatorsAndDocs() {
        assertThat(QUIRE.keySet()).containsExactlyInAnyOrderElementsOf(KAFKA.keySet());
        KAFKA.forEach((name, kafka) -> {
            ConfigKey quire = QUIRE.get(name);
            assertThat(quire.type).as("type of %s", name).isEqualTo(kafka.type);
            assertThat(quire.defaultValue).as("default of %s", name).isEqualTo(kafka.defaultValue);
            assertThat(String.valueOf(quire.validator)).as("validator of %s", name)
                    .isEqualTo(String.valueOf(kafka.validator));
            assertThat(quire.documentation).as("documentation of %s", name).isEqualTo(kafka.documentation);
            assertThat(quire.internalConfig).as("internal %s", name).isEqualTo(kafka.internalConfig);
        });
    }

    static Stream<Map<String, String>> overrides() {
        return Stream.of(
                Map.of(), Map.of("retention.ms", "1000"), Map.of("retention.ms", "abc"), Map.of("retention.ms", "-2"),
                Map.of("retention.ms", " 1000 "), Map.of("retention.ms", ""), Map.of("no.such.key", "1"),
                Map.of("cleanup.policy", "compact,delete"), Map.of("cleanup.policy", "bogus"),
                Map.of("cleanup.policy", ""), Map.of("cleanup.policy", "compact, delete"),
                Map.of("segment.bytes", "100"), Map.of("segment.bytes", "1048576"),
                Map.of("min.cleanable.dirty.ratio", "2"), Map.of("compression.type", "bogus"),
                Map.of("compression.type", "zstd"), Map.of("preallocate", "yes"), Map.of("min.insync.replicas", "0"),
                Map.of("min.insync.replicas", "2"), Map.of("min.compaction.lag.ms", "10", "max.compaction.lag.ms", "5"),
                Map.of("remote.storage.enable", "true"), Map.of("local.retention.ms", "5000"),
                Map.of("compression.gzip.level", "0"), Map.of("compression.gzip.level", "-1"),
                Map.of("compression.gzip.level", "9"), Map.of("compression.zstd.level", "-131073"),
                Map.of("leader.replication.throttled.replicas", "bad"),
                Map.of("leader.replication.throttled.replicas", "0:1,1:2"),
                Map.of("follower.replication.throttled.replicas", "*"), Map.of("max.message.bytes", "-1"),
                Map.of("message.timestamp.type", "bogus"), Map.of("message.timestamp.type", "LogAppendTime"),
                Map.of("internal.segment.bytes", "5"), Map.of("segment.ms", "0"), Map.of("retention.bytes", "-5"),
                Map.of("unclean.leader.election.enable", "TRUE"), Map.of("remote.log.copy.disable", "true"),
                Map.of("remote.copy.lag.ms", "-2"), Map.of("max.decompressed.message.bytes", "2147483647"));
    }

    @ParameterizedTest
    @MethodSource("overrides")
    void refusesWhatKafkaRefusesWithKafkasMessage(Map<String, String> overrides) {
        assertThat(TopicConfigs.invalidReason(overrides)).isEqualTo(kafkaVerdict(overrides));
    }

    @Test
    void describesEveryNonInternalConfigWithKafkasStringForm() {
        List<ConfigEntry> described = TopicConfigs.describe(Map.of("cleanup.policy", "compact, delete"), false);

        assertThat(described).extracting(ConfigEntry::name)
                .containsExactlyInAnyOrderElementsOf(LogConfig.nonInternalConfigNames());
        ConfigEntry policy = described.stream().filter(e -> e.name().equals("cleanup.policy")).findFirst().orElseThrow();
        assertThat(policy.value()).isEqualTo("compact,delete");
        assertThat(policy.synonyms()).extracting(ConfigEntry.Synonym::name)
                .containsExactly("cleanup.policy", "log.cleanup.policy");
    }

    private static Optional<String> kafkaVerdict(Map<String, String> overrides) {
        try {
            // A broker's log config defaults and tiered storage off: the values Quire reports.
            LogConfig.validate(Map.of(), new HashMap<>(overrides), LogConfig.SERVER_CONFIG_DEF.defaultValues(), false);
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(e.getMessage());
        }
    }

    @Test
    void theDefinitionParsesEveryDefault() {
        Map<String, Object> parsed = TopicConfigDef.DEFINITION.parse(Map.of());
        assertThat(parsed.get("retention.ms")).isEqualTo(ConfigDef.parseType("retention.ms", "604800000",
                ConfigDef.Type.LONG));
    }
}
