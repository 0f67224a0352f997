package io.quire.kafka.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.DescribeQuorumResponseData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBroker;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every version the node advertises of every API it serves is answered, on its own connection,
 * with a response that parses at that version, success and error results alike.
 */
class AdvertisedVersionsTest {

    private static final String DESCRIBED = "versions-described";
    private static final int DESCRIBED_PARTITIONS = 3;

    @TempDir
    static Path dataDir;

    private static TestNode node;
    private static Uuid describedId;

    @BeforeAll
    static void startNode() throws IOException {
        node = TestNode.start(dataDir);
        try (KafkaWireClient client = node.connect()) {
            describedId = Requests.createTopic(client, DESCRIBED, DESCRIBED_PARTITIONS);
        }
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @TestFactory
    List<DynamicTest> everyAdvertisedVersionIsAnsweredWithAResponseThatParsesAtThatVersion() throws IOException {
        Map<ApiKeys, Requests.VersionRange> advertised;
        try (KafkaWireClient client = node.connect()) {
            advertised = Requests.advertised(client);
        }
        assertThat(advertised.keySet()).containsExactlyInAnyOrderElementsOf(Requests.SERVED);
        List<DynamicTest> tests = new ArrayList<>();
        for (ApiKeys key : Requests.SERVED) {
            for (short version : advertised.get(key).versions()) {
                tests.add(DynamicTest.dynamicTest(key.name + " v" + version, onNewConnection(key, version)));
            }
        }
        return tests;
    }

    private static Executable onNewConnection(ApiKeys key, short version) {
        return () -> {
            try (KafkaWireClient client = node.connect()) {
                switch (key) {
                    case API_VERSIONS -> apiVersions(client, version);
                    case METADATA -> metadata(client, version);
                    case CREATE_TOPICS -> createTopics(client, version);
                    case DELETE_TOPICS -> deleteTopics(client, version);
                    case DESCRIBE_CLUSTER -> describeCluster(client, version);
                    case CREATE_PARTITIONS -> createPartitions(client, version);
                    case DESCRIBE_CONFIGS -> describeConfigs(client, version);
                    case ALTER_CONFIGS -> alterConfigs(client, version);
                    case INCREMENTAL_ALTER_CONFIGS -> incrementalAlterConfigs(client, version);
                    case DESCRIBE_TOPIC_PARTITIONS -> describeTopicPartitions(client, version);
                    case DESCRIBE_QUORUM -> describeQuorum(client, version);
                    default -> throw new AssertionError("not a served API: " + key);
                }
            }
        };
    }

    private static void apiVersions(KafkaWireClient client, short version) throws IOException {
        ApiVersionsResponseData response = client.call(ApiKeys.API_VERSIONS, version, Requests.apiVersions(),
                ApiVersionsResponseData.class);
        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
        assertThat(response.apiKeys()).extracting(v -> ApiKeys.forId(v.apiKey()))
                .containsExactlyInAnyOrderElementsOf(Requests.SERVED);
    }

    private static void metadata(KafkaWireClient client, short version) throws IOException {
        String missing = "versions-missing-" + version;
        MetadataResponseData response = client.call(ApiKeys.METADATA, version,
                Requests.metadataFor(DESCRIBED, missing), MetadataResponseData.class);

        assertThat(response.brokers()).singleElement().satisfies(broker -> assertIsThisNode(broker));
        if (version >= 1) {
            assertThat(response.controllerId()).isEqualTo(TestNode.NODE_ID);
        }
        if (version >= 2) {
            assertThat(response.clusterId()).isEqualTo(TestNode.CLUSTER_ID);
        }
        MetadataResponseTopic described = response.topics().find(DESCRIBED);
        assertThat(described).isNotNull();
        assertThat(Errors.forCode(described.errorCode())).isEqualTo(Errors.NONE);
        assertThat(described.partitions()).hasSize(DESCRIBED_PARTITIONS);
        if (version >= Requests.METADATA_TOPIC_ID_VERSION) {
            assertThat(described.topicId()).isEqualTo(describedId);
        }
        MetadataResponseTopic unknown = response.topics().find(missing);
        assertThat(unknown).isNotNull();
        assertThat(Errors.forCode(unknown.errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
    }

    private static void createTopics(KafkaWireClient client, short version) throws IOException {
        String created = "versions-create-v" + version;
        String illegal = "versions create v" + version;
        CreateTopicsResponseData response = client.call(ApiKeys.CREATE_TOPICS, version,
                Requests.createTopics(2, created, illegal), CreateTopicsResponseData.class);

        CreatableTopicResult success = response.topics().find(created);
        assertThat(success).isNotNull();
        assertThat(Errors.forCode(success.errorCode())).as(success.errorMessage()).isEqualTo(Errors.NONE);
        if (version >= 5) {
            assertThat(success.numPartitions()).isEqualTo(2);
            assertThat(success.replicationFactor()).isEqualTo((short) 1);
        }
        if (version >= 7) {
            assertThat(success.topicId()).isEqualTo(Requests.describeTopic(client, created).topicId());
        }
        CreatableTopicResult failure = response.topics().find(illegal);
        assertThat(failure).isNotNull();
        assertThat(Errors.forCode(failure.errorCode())).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION);
    }

    private static void deleteTopics(KafkaWireClient client, short version) throws IOException {
        String deleted = "versions-delete-v" + version;
        String missing = "versions-delete-missing-v" + version;
        Uuid deletedId = Requests.createTopic(client, deleted, 1);

        DeleteTopicsResponseData response = client.call(ApiKeys.DELETE_TOPICS, version,
                Requests.deleteTopicsByName(version, deleted, missing), DeleteTopicsResponseData.class);

        DeletableTopicResult success = response.responses().find(deleted);
        assertThat(success).isNotNull();
        assertThat(Errors.forCode(success.errorCode())).as(success.errorMessage()).isEqualTo(Errors.NONE);
        if (version >= Requests.DELETE_TOPICS_BY_STATE_VERSION) {
            assertThat(success.topicId()).isEqualTo(deletedId);
        }
        DeletableTopicResult failure = response.responses().find(missing);
        assertThat(failure).isNotNull();
        assertThat(Errors.forCode(failure.errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(Errors.forCode(Requests.describeTopic(client, deleted).errorCode()))
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
    }

    private static void describeQuorum(KafkaWireClient client, short version) throws IOException {
        DescribeQuorumResponseData response = client.call(ApiKeys.DESCRIBE_QUORUM, version,
                Requests.describeQuorum("__cluster_metadata", 0), DescribeQuorumResponseData.class);
        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
        assertThat(response.topics()).singleElement().satisfies(topic -> assertThat(topic.partitions())
                .singleElement().satisfies(partition -> {
                    assertThat(Errors.forCode(partition.errorCode())).isEqualTo(Errors.NONE);
                    assertThat(partition.leaderId()).isEqualTo(TestNode.NODE_ID);
                    assertThat(partition.currentVoters()).extracting(v -> v.replicaId())
                            .containsExactly(TestNode.NODE_ID);
                }));
    }

    private static void describeCluster(KafkaWireClient client, short version) throws IOException {
        DescribeClusterResponseData response = client.call(ApiKeys.DESCRIBE_CLUSTER, version,
                Requests.describeCluster(), DescribeClusterResponseData.class);
        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
        assertThat(response.clusterId()).isEqualTo(TestNode.CLUSTER_ID);
        assertThat(response.controllerId()).isEqualTo(TestNode.NODE_ID);
        assertThat(response.brokers()).singleElement().satisfies(broker -> {
            assertThat(broker.brokerId()).isEqualTo(TestNode.NODE_ID);
            assertThat(broker.host()).isEqualTo(TestNode.HOST);
            assertThat(broker.port()).isEqualTo(node.port());
        });
        if (version >= 1) {
            // Controller endpoints (KIP-919) are not served: the error must still fit this version.
            DescribeClusterResponseData controllers = client.call(ApiKeys.DESCRIBE_CLUSTER, version,
                    new DescribeClusterRequestData().setEndpointType((byte) 2), DescribeClusterResponseData.class);
            assertThat(Errors.forCode(controllers.errorCode())).isEqualTo(Errors.UNSUPPORTED_ENDPOINT_TYPE);
        }
    }

    private static void createPartitions(KafkaWireClient client, short version) throws IOException {
        String grown = "versions-grow-v" + version;
        Requests.createTopic(client, grown, 1);
        CreatePartitionsResponseData response = client.call(ApiKeys.CREATE_PARTITIONS, version,
                Requests.createPartitions(3, grown, "versions-grow-missing"), CreatePartitionsResponseData.class);

        assertThat(response.results()).hasSize(2);
        assertThat(response.results()).anySatisfy(result -> {
            assertThat(result.name()).isEqualTo(grown);
            assertThat(Errors.forCode(result.errorCode())).as(result.errorMessage()).isEqualTo(Errors.NONE);
        });
        assertThat(response.results()).anySatisfy(result -> {
            assertThat(result.name()).isEqualTo("versions-grow-missing");
            assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        });
        assertThat(Requests.describeTopic(client, grown).partitions()).hasSize(3);
    }

    private static void describeConfigs(KafkaWireClient client, short version) throws IOException {
        DescribeConfigsResponseData response = client.call(ApiKeys.DESCRIBE_CONFIGS, version,
                Requests.describeConfigs(DESCRIBED, "versions-describe-missing"), DescribeConfigsResponseData.class);

        assertThat(response.results()).hasSize(2);
        DescribeConfigsResult described = response.results().get(0);
        assertThat(Errors.forCode(described.errorCode())).isEqualTo(Errors.NONE);
        assertThat(described.configs()).anySatisfy(config -> {
            assertThat(config.name()).isEqualTo("retention.ms");
            assertThat(config.value()).isEqualTo("604800000");
        });
        assertThat(Errors.forCode(response.results().get(1).errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
    }

    private static void alterConfigs(KafkaWireClient client, short version) throws IOException {
        String altered = "versions-alter-v" + version;
        Requests.createTopic(client, altered, 1);
        AlterConfigsResponseData response = client.call(ApiKeys.ALTER_CONFIGS, version,
                Requests.alterConfigs(altered, Map.of("retention.ms", "1234")), AlterConfigsResponseData.class);

        assertThat(response.responses()).singleElement().satisfies(result ->
                assertThat(Errors.forCode(result.errorCode())).as(result.errorMessage()).isEqualTo(Errors.NONE));
        assertThat(Requests.topicConfig(client, altered, "retention.ms").value()).isEqualTo("1234");
    }

    private static void incrementalAlterConfigs(KafkaWireClient client, short version) throws IOException {
        String altered = "versions-incremental-v" + version;
        Requests.createTopic(client, altered, 1);
        IncrementalAlterConfigsResponseData response = client.call(ApiKeys.INCREMENTAL_ALTER_CONFIGS, version,
                Requests.incrementalAlterConfigs(altered, "cleanup.policy", AlterConfigOp.OpType.APPEND, "compact"),
                IncrementalAlterConfigsResponseData.class);

        assertThat(response.responses()).singleElement().satisfies(result ->
                assertThat(Errors.forCode(result.errorCode())).as(result.errorMessage()).isEqualTo(Errors.NONE));
        assertThat(Requests.topicConfig(client, altered, "cleanup.policy").value()).isEqualTo("delete,compact");
    }

    private static void describeTopicPartitions(KafkaWireClient client, short version) throws IOException {
        DescribeTopicPartitionsResponseData response = client.call(ApiKeys.DESCRIBE_TOPIC_PARTITIONS, version,
                Requests.describeTopicPartitions(DESCRIBED), DescribeTopicPartitionsResponseData.class);

        assertThat(response.topics()).singleElement().satisfies(topic -> {
            assertThat(Errors.forCode(topic.errorCode())).isEqualTo(Errors.NONE);
            assertThat(topic.topicId()).isEqualTo(describedId);
            assertThat(topic.partitions()).hasSize(DESCRIBED_PARTITIONS);
        });
        assertThat(response.nextCursor()).isNull();
    }

    private static void assertIsThisNode(MetadataResponseBroker broker) {
        assertThat(broker.nodeId()).isEqualTo(TestNode.NODE_ID);
        assertThat(broker.host()).isEqualTo(TestNode.HOST);
        assertThat(broker.port()).isEqualTo(node.port());
    }
}
