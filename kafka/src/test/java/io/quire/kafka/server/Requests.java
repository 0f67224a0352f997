package io.quire.kafka.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData.TopicRequest;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData.DeleteTopicState;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeQuorumRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataRequestData.MetadataRequestTopic;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/** Request bodies the tests share, and a few calls that set up state through the wire. */
final class Requests {

    /** The APIs the listener serves, as issue 6 fixes them. */
    static final List<ApiKeys> SERVED = List.of(ApiKeys.API_VERSIONS, ApiKeys.METADATA, ApiKeys.CREATE_TOPICS,
            ApiKeys.DELETE_TOPICS, ApiKeys.CREATE_PARTITIONS, ApiKeys.DESCRIBE_CONFIGS, ApiKeys.ALTER_CONFIGS,
            ApiKeys.INCREMENTAL_ALTER_CONFIGS, ApiKeys.DESCRIBE_CLUSTER, ApiKeys.DESCRIBE_TOPIC_PARTITIONS,
            ApiKeys.DESCRIBE_QUORUM);

    /** The first DeleteTopics version that names topics by state (name or id). */
    static final short DELETE_TOPICS_BY_STATE_VERSION = 6;
    /** The first Metadata version whose topics carry an id. */
    static final short METADATA_TOPIC_ID_VERSION = 10;
    /** The first Metadata version that may look a topic up by id alone. */
    static final short METADATA_LOOKUP_BY_ID_VERSION = 12;

    private Requests() {}

    static short latest(ApiKeys key) {
        return key.latestVersion();
    }

    static ApiVersionsRequestData apiVersions() {
        return new ApiVersionsRequestData()
                .setClientSoftwareName("quire-wire-test")
                .setClientSoftwareVersion("1.0");
    }

    /** DescribeQuorum of one partition of {@code topic}, as Kafka's admin client asks for {@code __cluster_metadata-0}. */
    static DescribeQuorumRequestData describeQuorum(String topic, int partition) {
        return new DescribeQuorumRequestData().setTopics(List.of(new DescribeQuorumRequestData.TopicData()
                .setTopicName(topic)
                .setPartitions(List.of(new DescribeQuorumRequestData.PartitionData().setPartitionIndex(partition)))));
    }

    static DescribeClusterRequestData describeCluster() {
        return new DescribeClusterRequestData();
    }

    /** CreateTopics for {@code names}, each with {@code partitions} partitions and one replica. */
    static CreateTopicsRequestData createTopics(int partitions, String... names) {
        CreateTopicsRequestData request = new CreateTopicsRequestData().setTimeoutMs(10_000);
        for (String name : names) {
            request.topics().add(new CreatableTopic()
                    .setName(name)
                    .setNumPartitions(partitions)
                    .setReplicationFactor((short) 1));
        }
        return request;
    }

    /**
     * Metadata for the topics named, at any version. AllowAutoTopicCreation keeps its default
     * (true), which versions below 4 cannot carry otherwise; Quire never creates topics on a read.
     */
    static MetadataRequestData metadataFor(String... names) {
        List<MetadataRequestTopic> topics = new ArrayList<>();
        for (String name : names) {
            topics.add(new MetadataRequestTopic().setName(name));
        }
        return new MetadataRequestData().setTopics(topics);
    }

    /** Metadata for every topic: a null list, or at version 0 (where the list is not nullable) an empty one. */
    static MetadataRequestData metadataForAllTopics(short version) {
        return new MetadataRequestData().setTopics(version == 0 ? new ArrayList<>() : null);
    }

    /** Metadata for topics named by id alone (version 12 and later). */
    static MetadataRequestData metadataForIds(Uuid... ids) {
        List<MetadataRequestTopic> topics = new ArrayList<>();
        for (Uuid id : ids) {
            topics.add(new MetadataRequestTopic().setName(null).setTopicId(id));
        }
        return new MetadataRequestData().setTopics(topics);
    }

    /** DeleteTopics by name in the form {@code version} carries: topic states from 6 on, names below. */
    static DeleteTopicsRequestData deleteTopicsByName(short version, String... names) {
        DeleteTopicsRequestData request = new DeleteTopicsRequestData().setTimeoutMs(10_000);
        if (version >= DELETE_TOPICS_BY_STATE_VERSION) {
            for (String name : names) {
                request.topics().add(new DeleteTopicState().setName(name).setTopicId(Uuid.ZERO_UUID));
            }
        } else {
            request.setTopicNames(new ArrayList<>(Arrays.asList(names)));
        }
        return request;
    }

    /** DeleteTopics by topic id (version 6 and later). */
    static DeleteTopicsRequestData deleteTopicsById(Uuid... ids) {
        DeleteTopicsRequestData request = new DeleteTopicsRequestData().setTimeoutMs(10_000);
        for (Uuid id : ids) {
            request.topics().add(new DeleteTopicState().setName(null).setTopicId(id));
        }
        return request;
    }

    /** CreatePartitions growing each topic named to {@code count} partitions, placed by the node. */
    static CreatePartitionsRequestData createPartitions(int count, String... names) {
        CreatePartitionsRequestData request = new CreatePartitionsRequestData().setTimeoutMs(10_000);
        for (String name : names) {
            request.topics().add(new CreatePartitionsTopic().setName(name).setCount(count).setAssignments(null));
        }
        return request;
    }

    /** DescribeConfigs of every config of the topics named, with synonyms (which every served version carries). */
    static DescribeConfigsRequestData describeConfigs(String... topics) {
        DescribeConfigsRequestData request = new DescribeConfigsRequestData().setIncludeSynonyms(true);
        for (String topic : topics) {
            request.resources().add(new DescribeConfigsResource()
                    .setResourceType(ConfigResource.Type.TOPIC.id())
                    .setResourceName(topic)
                    .setConfigurationKeys(null));
        }
        return request;
    }

    /** The legacy AlterConfigs: the topic's overrides become exactly {@code configs}. */
    static AlterConfigsRequestData alterConfigs(String topic, Map<String, String> configs) {
        AlterConfigsResource resource = new AlterConfigsResource()
                .setResourceType(ConfigResource.Type.TOPIC.id())
                .setResourceName(topic);
        configs.forEach((name, value) -> resource.configs().add(new AlterableConfig().setName(name).setValue(value)));
        AlterConfigsRequestData request = new AlterConfigsRequestData();
        request.resources().add(resource);
        return request;
    }

    /** IncrementalAlterConfigs of one key of one topic. */
    static IncrementalAlterConfigsRequestData incrementalAlterConfigs(String topic, String key, AlterConfigOp.OpType op,
            String value) {
        IncrementalAlterConfigsRequestData.AlterConfigsResource resource =
                new IncrementalAlterConfigsRequestData.AlterConfigsResource()
                        .setResourceType(ConfigResource.Type.TOPIC.id())
                        .setResourceName(topic);
        resource.configs().add(new IncrementalAlterConfigsRequestData.AlterableConfig()
                .setName(key)
                .setConfigOperation(op.id())
                .setValue(value));
        IncrementalAlterConfigsRequestData request = new IncrementalAlterConfigsRequestData();
        request.resources().add(resource);
        return request;
    }

    /** One config of a topic as DescribeConfigs reports it at the latest version. */
    static DescribeConfigsResourceResult topicConfig(KafkaWireClient client, String topic, String key) throws IOException {
        DescribeConfigsResponseData response = client.call(ApiKeys.DESCRIBE_CONFIGS, latest(ApiKeys.DESCRIBE_CONFIGS),
                describeConfigs(topic), DescribeConfigsResponseData.class);
        DescribeConfigsResult result = response.results().get(0);
        assertThat(Errors.forCode(result.errorCode())).as(result.errorMessage()).isEqualTo(Errors.NONE);
        return result.configs().stream()
                .filter(config -> config.name().equals(key))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no config " + key + " described for " + topic));
    }

    /** DescribeTopicPartitions of the topics named (every topic when none is). */
    static DescribeTopicPartitionsRequestData describeTopicPartitions(String... names) {
        DescribeTopicPartitionsRequestData request = new DescribeTopicPartitionsRequestData()
                .setResponsePartitionLimit(2000);
        for (String name : names) {
            request.topics().add(new TopicRequest().setName(name));
        }
        return request;
    }

    /** Creates a topic through the wire at the latest CreateTopics version; returns its id. */
    static Uuid createTopic(KafkaWireClient client, String name, int partitions) throws IOException {
        CreateTopicsResponseData response = client.call(ApiKeys.CREATE_TOPICS, latest(ApiKeys.CREATE_TOPICS),
                createTopics(partitions, name), CreateTopicsResponseData.class);
        CreatableTopicResult result = response.topics().find(name);
        assertThat(result).as("CreateTopics result for %s", name).isNotNull();
        assertThat(Errors.forCode(result.errorCode())).as("creating %s: %s", name, result.errorMessage())
                .isEqualTo(Errors.NONE);
        assertThat(result.topicId()).isNotEqualTo(Uuid.ZERO_UUID);
        return result.topicId();
    }

    /** The Metadata of one topic by name, at the latest version. */
    static MetadataResponseTopic describeTopic(KafkaWireClient client, String name) throws IOException {
        MetadataResponseData response = client.call(ApiKeys.METADATA, latest(ApiKeys.METADATA),
                metadataFor(name), MetadataResponseData.class);
        assertThat(response.topics()).hasSize(1);
        return response.topics().iterator().next();
    }

    /** A version range advertised in ApiVersions, both ends inclusive. */
    record VersionRange(short min, short max) {

        List<Short> versions() {
            List<Short> all = new ArrayList<>();
            for (short v = min; v <= max; v++) {
                all.add(v);
            }
            return all;
        }
    }

    /** What the node advertises in ApiVersions (at the latest version), by API. */
    static Map<ApiKeys, VersionRange> advertised(KafkaWireClient client) throws IOException {
        ApiVersionsResponseData response = client.call(ApiKeys.API_VERSIONS, latest(ApiKeys.API_VERSIONS),
                apiVersions(), ApiVersionsResponseData.class);
        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
        Map<ApiKeys, VersionRange> ranges = new EnumMap<>(ApiKeys.class);
        for (ApiVersion version : response.apiKeys()) {
            ranges.put(ApiKeys.forId(version.apiKey()), new VersionRange(version.minVersion(), version.maxVersion()));
        }
        return ranges;
    }

    /** Asserts that the node answers an ApiVersions request on a new connection. */
    static void assertServes(TestNode node) throws IOException {
        try (KafkaWireClient client = node.connect()) {
            ApiVersionsResponseData response = client.call(ApiKeys.API_VERSIONS, latest(ApiKeys.API_VERSIONS),
                    apiVersions(), ApiVersionsResponseData.class);
            assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
        }
    }
}
