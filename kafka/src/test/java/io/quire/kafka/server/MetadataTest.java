package io.quire.kafka.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What Metadata reports: this node as broker and controller, the cluster id, topics and their errors. */
class MetadataTest {

    private static final String ORDERS = "orders";
    private static final int ORDERS_PARTITIONS = 3;

    @TempDir
    static Path dataDir;

    private static TestNode node;
    private static Uuid ordersId;

    @BeforeAll
    static void startNode() throws IOException {
        node = TestNode.start(dataDir);
        try (KafkaWireClient client = node.connect()) {
            ordersId = Requests.createTopic(client, ORDERS, ORDERS_PARTITIONS);
        }
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @Test
    void reportsThisNodeAsTheOnlyBrokerAndAsControllerWithTheConfiguredClusterId() throws IOException {
        MetadataResponseData response = call(ApiKeys.METADATA.latestVersion(), Requests.metadataFor(ORDERS));

        assertThat(response.brokers()).singleElement().satisfies(broker -> {
            assertThat(broker.nodeId()).isEqualTo(TestNode.NODE_ID);
            assertThat(broker.host()).isEqualTo(TestNode.HOST);
            assertThat(broker.port()).isEqualTo(node.port());
            assertThat(broker.rack()).isNull();
        });
        assertThat(response.controllerId()).isEqualTo(TestNode.NODE_ID);
        assertThat(response.clusterId()).isEqualTo(TestNode.CLUSTER_ID);
        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
    }

    @ParameterizedTest(name = "Metadata v{0}")
    @MethodSource("topicIdVersions")
    void createdTopicAppearsWithItsTopicIdAndEveryPartitionLedByThisNode(short version) throws IOException {
        MetadataResponseTopic topic = singleTopic(call(version, Requests.metadataFor(ORDERS)));

        assertThat(Errors.forCode(topic.errorCode())).isEqualTo(Errors.NONE);
        assertThat(topic.name()).isEqualTo(ORDERS);
        assertThat(topic.topicId()).isEqualTo(ordersId);
        assertThat(topic.isInternal()).isFalse();
        assertThat(topic.partitions()).extracting(p -> p.partitionIndex()).containsExactly(0, 1, 2);
        assertThat(topic.partitions()).allSatisfy(partition -> {
            assertThat(Errors.forCode(partition.errorCode())).isEqualTo(Errors.NONE);
            assertThat(partition.leaderId()).isEqualTo(TestNode.NODE_ID);
            assertThat(partition.replicaNodes()).containsExactly(TestNode.NODE_ID);
            assertThat(partition.isrNodes()).containsExactly(TestNode.NODE_ID);
            assertThat(partition.offlineReplicas()).isEmpty();
        });
    }

    @ParameterizedTest(name = "Metadata v{0}")
    @MethodSource("allVersions")
    void requestForAllTopicsListsTheCreatedTopic(short version) throws IOException {
        // Version 0 cannot send a null list: there, an empty list asks for every topic.
        MetadataResponseData response = call(version, Requests.metadataForAllTopics(version));

        assertThat(response.topics()).extracting(MetadataResponseTopic::name).contains(ORDERS);
    }

    @ParameterizedTest(name = "Metadata v{0}")
    @MethodSource("lookupByIdVersions")
    void topicLookedUpByIdAloneIsDescribedWithItsName(short version) throws IOException {
        MetadataResponseTopic topic = singleTopic(call(version, Requests.metadataForIds(ordersId)));

        assertThat(Errors.forCode(topic.errorCode())).isEqualTo(Errors.NONE);
        assertThat(topic.name()).isEqualTo(ORDERS);
        assertThat(topic.topicId()).isEqualTo(ordersId);
        assertThat(topic.partitions()).hasSize(ORDERS_PARTITIONS);
    }

    @ParameterizedTest(name = "Metadata v{0}")
    @MethodSource("allVersions")
    void unknownTopicNameGivesUnknownTopicOrPartition(short version) throws IOException {
        MetadataResponseTopic topic = singleTopic(call(version, Requests.metadataFor("no-such-topic")));

        assertThat(topic.errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code()).isEqualTo((short) 3);
        assertThat(topic.name()).isEqualTo("no-such-topic");
        assertThat(topic.partitions()).isEmpty();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"with space", "slash/ed", "..", "", "colon:topic"})
    void illegalTopicNameGivesInvalidTopicException(String name) throws IOException {
        MetadataResponseTopic topic = singleTopic(call(ApiKeys.METADATA.latestVersion(), Requests.metadataFor(name)));

        assertThat(topic.errorCode()).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION.code()).isEqualTo((short) 17);
        assertThat(topic.name()).isEqualTo(name);
    }

    @Test
    void nameLongerThan249CharactersGivesInvalidTopicException() throws IOException {
        String name = "x".repeat(250);
        MetadataResponseTopic topic = singleTopic(call(ApiKeys.METADATA.latestVersion(), Requests.metadataFor(name)));

        assertThat(Errors.forCode(topic.errorCode())).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION);
    }

    @ParameterizedTest(name = "Metadata v{0}")
    @MethodSource("lookupByIdVersions")
    void unknownTopicIdGivesUnknownTopicId(short version) throws IOException {
        Uuid unknown = Uuid.randomUuid();
        MetadataResponseTopic topic = singleTopic(call(version, Requests.metadataForIds(unknown)));

        assertThat(topic.errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_ID.code()).isEqualTo((short) 100);
        assertThat(topic.topicId()).isEqualTo(unknown);
        assertThat(topic.name()).isNull();
    }

    @ParameterizedTest(name = "Metadata v{0}")
    @ValueSource(shorts = {10, 11})
    void lookupByIdBeforeVersion12IsRefusedWithAResponseThatVersionCanCarry(short version) throws IOException {
        // Versions 10 and 11 carry a topic id in the request but no null name in the response:
        // Kafka refuses such a lookup with INVALID_REQUEST and an empty name.
        for (Uuid id : List.of(Uuid.randomUuid(), ordersId)) {
            MetadataResponseTopic topic = singleTopic(call(version, Requests.metadataForIds(id)));

            assertThat(Errors.forCode(topic.errorCode())).isEqualTo(Errors.INVALID_REQUEST);
            assertThat(topic.name()).isEmpty();
        }
    }

    private static MetadataResponseData call(short version, MetadataRequestData request) throws IOException {
        try (KafkaWireClient client = node.connect()) {
            return client.call(ApiKeys.METADATA, version, request, MetadataResponseData.class);
        }
    }

    private static MetadataResponseTopic singleTopic(MetadataResponseData response) {
        assertThat(response.topics()).hasSize(1);
        return response.topics().iterator().next();
    }

    static List<Short> allVersions() {
        return new Requests.VersionRange(ApiKeys.METADATA.oldestVersion(), ApiKeys.METADATA.latestVersion()).versions();
    }

    static List<Short> topicIdVersions() {
        return new Requests.VersionRange(Requests.METADATA_TOPIC_ID_VERSION, ApiKeys.METADATA.latestVersion())
                .versions();
    }

    static List<Short> lookupByIdVersions() {
        return new Requests.VersionRange(Requests.METADATA_LOOKUP_BY_ID_VERSION, ApiKeys.METADATA.latestVersion())
                .versions();
    }
}
