package io.quire.kafka.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicConfig;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.junit.jupiter.api.Test;

/** Topic configs: validated on creation and alteration, described with Kafka's sources and synonyms. */
class TopicConfigsTest extends NodeTest {

    @Test
    void aBadConfigFailsItsTopicWithInvalidConfigWhileTheOthersOfTheBatchAreCreated() throws IOException {
        CreateTopicsRequestData request = Requests.createTopics(1, "good-config", "bad-value", "unknown-key");
        request.topics().find("good-config").configs().add(new CreatableTopicConfig().setName("retention.ms").setValue("1000"));
        request.topics().find("bad-value").configs().add(new CreatableTopicConfig().setName("retention.ms").setValue("soon"));
        request.topics().find("unknown-key").configs().add(new CreatableTopicConfig().setName("retention.days").setValue("1"));

        CreateTopicsResponseData response = client.call(ApiKeys.CREATE_TOPICS, Requests.latest(ApiKeys.CREATE_TOPICS),
                request, CreateTopicsResponseData.class);

        assertThat(Errors.forCode(response.topics().find("good-config").errorCode())).isEqualTo(Errors.NONE);
        CreatableTopicResult badValue = response.topics().find("bad-value");
        assertThat(Errors.forCode(badValue.errorCode())).isEqualTo(Errors.INVALID_CONFIG);
        assertThat(badValue.errorMessage())
                .isEqualTo("Invalid value soon for configuration retention.ms: Not a number of type LONG");
        CreatableTopicResult unknown = response.topics().find("unknown-key");
        assertThat(Errors.forCode(unknown.errorCode())).isEqualTo(Errors.INVALID_CONFIG);
        assertThat(unknown.errorMessage()).isEqualTo("Unknown topic config name: retention.days");
        assertThat(node.engine().view().topic("bad-value")).isEmpty();
        assertThat(node.engine().view().topic("unknown-key")).isEmpty();
        assertThat(response.topics().find("good-config").configs()).anySatisfy(config -> {
            assertThat(config.name()).isEqualTo("retention.ms");
            assertThat(config.value()).isEqualTo("1000");
            assertThat(config.configSource()).isEqualTo(ConfigSource.TOPIC_CONFIG.id());
        });
    }

    @Test
    void describeReportsOverridesAsTopicConfigAndDefaultsWithTheirBrokerSynonyms() throws IOException {
        Requests.createTopic(client, "described", 1);
        alterIncrementally("described", "retention.ms", AlterConfigOp.OpType.SET, "1000");

        DescribeConfigsResourceResult retention = Requests.topicConfig(client, "described", "retention.ms");
        assertThat(retention.value()).isEqualTo("1000");
        assertThat(retention.configSource()).isEqualTo(ConfigSource.TOPIC_CONFIG.id());
        assertThat(retention.synonyms()).singleElement().satisfies(synonym -> {
            assertThat(synonym.name()).isEqualTo("retention.ms");
            assertThat(synonym.source()).isEqualTo(ConfigSource.TOPIC_CONFIG.id());
        });
        DescribeConfigsResourceResult segment = Requests.topicConfig(client, "described", "segment.bytes");
        assertThat(segment.value()).isEqualTo("1073741824");
        assertThat(segment.configSource()).isEqualTo(ConfigSource.DEFAULT_CONFIG.id());
        assertThat(segment.synonyms()).singleElement().satisfies(synonym -> {
            assertThat(synonym.name()).isEqualTo("log.segment.bytes");
            assertThat(synonym.value()).isEqualTo("1073741824");
            assertThat(synonym.source()).isEqualTo(ConfigSource.DEFAULT_CONFIG.id());
        });
    }

    @Test
    void incrementalSetAppendSubtractAndDeleteChangeOnlyTheirKeys() throws IOException {
        Requests.createTopic(client, "incremental", 1);
        assertThat(alterIncrementally("incremental", "min.insync.replicas", AlterConfigOp.OpType.SET, "1"))
                .isEqualTo(Errors.NONE);
        assertThat(alterIncrementally("incremental", "cleanup.policy", AlterConfigOp.OpType.APPEND, "compact"))
                .isEqualTo(Errors.NONE);
        assertThat(Requests.topicConfig(client, "incremental", "cleanup.policy").value()).isEqualTo("delete,compact");
        assertThat(alterIncrementally("incremental", "cleanup.policy", AlterConfigOp.OpType.SUBTRACT, "delete"))
                .isEqualTo(Errors.NONE);
        assertThat(node.engine().view().topic("incremental").orElseThrow().configs())
                .containsExactlyInAnyOrderEntriesOf(Map.of("min.insync.replicas", "1", "cleanup.policy", "compact"));

        assertThat(alterIncrementally("incremental", "cleanup.policy", AlterConfigOp.OpType.DELETE, null))
                .isEqualTo(Errors.NONE);
        assertThat(node.engine().view().topic("incremental").orElseThrow().configs())
                .containsExactlyInAnyOrderEntriesOf(Map.of("min.insync.replicas", "1"));
    }

    @Test
    void alteredConfigsSurviveARestart() throws IOException {
        Requests.createTopic(client, "durable-configs", 1);
        assertThat(alterIncrementally("durable-configs", "retention.ms", AlterConfigOp.OpType.SET, "60000"))
                .isEqualTo(Errors.NONE);
        client.close();
        node.close();

        node = TestNode.start(dataDir);
        client = node.connect();
        assertThat(Requests.topicConfig(client, "durable-configs", "retention.ms").value()).isEqualTo("60000");
    }

    @Test
    void invalidAlterationsAreRefusedAndChangeNothing() throws IOException {
        Requests.createTopic(client, "guarded", 1);
        assertThat(alterIncrementally("guarded", "retention.ms", AlterConfigOp.OpType.SET, "-5"))
                .isEqualTo(Errors.INVALID_CONFIG);
        assertThat(alterIncrementally("guarded", "retention.ms", AlterConfigOp.OpType.APPEND, "5"))
                .isEqualTo(Errors.INVALID_CONFIG);
        assertThat(alterIncrementally("guarded", "no.such.config", AlterConfigOp.OpType.SET, "5"))
                .isEqualTo(Errors.INVALID_CONFIG);
        assertThat(alterIncrementally("never-created", "retention.ms", AlterConfigOp.OpType.SET, "5"))
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(alterIncrementally("bad name", "retention.ms", AlterConfigOp.OpType.SET, "5"))
                .isEqualTo(Errors.INVALID_TOPIC_EXCEPTION);
        assertThat(node.engine().view().topic("guarded").orElseThrow().configs()).isEmpty();
    }

    @Test
    void validateOnlyAnswersWithoutChanging() throws IOException {
        Requests.createTopic(client, "validated", 1);
        IncrementalAlterConfigsRequestData request = Requests.incrementalAlterConfigs("validated", "retention.ms",
                AlterConfigOp.OpType.SET, "1000").setValidateOnly(true);

        IncrementalAlterConfigsResponseData response = client.call(ApiKeys.INCREMENTAL_ALTER_CONFIGS,
                Requests.latest(ApiKeys.INCREMENTAL_ALTER_CONFIGS), request, IncrementalAlterConfigsResponseData.class);

        assertThat(Errors.forCode(response.responses().get(0).errorCode())).isEqualTo(Errors.NONE);
        assertThat(node.engine().view().topic("validated").orElseThrow().configs()).isEmpty();
    }

    @Test
    void legacyAlterConfigsReplacesEveryOverride() throws IOException {
        Requests.createTopic(client, "replaced", 1);
        alterIncrementally("replaced", "retention.ms", AlterConfigOp.OpType.SET, "1000");

        AlterConfigsResponseData response = client.call(ApiKeys.ALTER_CONFIGS, Requests.latest(ApiKeys.ALTER_CONFIGS),
                Requests.alterConfigs("replaced", Map.of("segment.ms", "60000")), AlterConfigsResponseData.class);

        assertThat(Errors.forCode(response.responses().get(0).errorCode())).isEqualTo(Errors.NONE);
        assertThat(node.engine().view().topic("replaced").orElseThrow().configs())
                .containsExactlyInAnyOrderEntriesOf(Map.of("segment.ms", "60000"));
    }

    @Test
    void aResourceNamedTwiceInOneRequestGetsInvalidRequestOnce() throws IOException {
        Requests.createTopic(client, "twice-altered", 1);
        AlterConfigsRequestData request = Requests.alterConfigs("twice-altered", Map.of("retention.ms", "1"));
        request.resources().add(Requests.alterConfigs("twice-altered", Map.of("retention.ms", "2")).resources()
                .iterator().next().duplicate());

        AlterConfigsResponseData response = client.call(ApiKeys.ALTER_CONFIGS, Requests.latest(ApiKeys.ALTER_CONFIGS),
                request, AlterConfigsResponseData.class);

        assertThat(response.responses()).singleElement().satisfies(result -> {
            assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.INVALID_REQUEST);
            assertThat(result.errorMessage()).isEqualTo("Duplicate resource.");
        });
        assertThat(node.engine().view().topic("twice-altered").orElseThrow().configs()).isEmpty();
    }

    @Test
    void describesThisBrokerWithAutoCreationOffAndRefusesAnotherBrokerId() throws IOException {
        DescribeConfigsRequestData request = new DescribeConfigsRequestData().setIncludeSynonyms(true);
        request.resources().add(new DescribeConfigsResource().setResourceType(ConfigResource.Type.BROKER.id())
                .setResourceName(Integer.toString(TestNode.NODE_ID)).setConfigurationKeys(null));
        request.resources().add(new DescribeConfigsResource().setResourceType(ConfigResource.Type.BROKER.id())
                .setResourceName("42").setConfigurationKeys(null));

        DescribeConfigsResponseData response = client.call(ApiKeys.DESCRIBE_CONFIGS,
                Requests.latest(ApiKeys.DESCRIBE_CONFIGS), request, DescribeConfigsResponseData.class);

        DescribeConfigsResult self = response.results().get(0);
        assertThat(Errors.forCode(self.errorCode())).isEqualTo(Errors.NONE);
        assertThat(self.configs()).anySatisfy(config -> {
            assertThat(config.name()).isEqualTo("auto.create.topics.enable");
            assertThat(config.value()).isEqualTo("false");
        });
        assertThat(self.configs()).anySatisfy(config -> {
            assertThat(config.name()).isEqualTo("log.retention.hours");
            assertThat(config.value()).isEqualTo("168");
        });
        assertThat(Errors.forCode(response.results().get(1).errorCode())).isEqualTo(Errors.INVALID_REQUEST);
    }

    private Errors alterIncrementally(String topic, String key, AlterConfigOp.OpType op, String value) throws IOException {
        IncrementalAlterConfigsResponseData response = client.call(ApiKeys.INCREMENTAL_ALTER_CONFIGS,
                Requests.latest(ApiKeys.INCREMENTAL_ALTER_CONFIGS), Requests.incrementalAlterConfigs(topic, key, op, value),
                IncrementalAlterConfigsResponseData.class);
        assertThat(response.responses()).hasSize(1);
        return Errors.forCode(response.responses().get(0).errorCode());
    }
}
