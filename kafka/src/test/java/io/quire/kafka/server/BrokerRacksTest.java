package io.quire.kafka.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.api.command.RegisterBroker;
import io.quire.api.metadata.BrokerInfo;
import io.quire.api.result.CommandResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Brokers registered with racks: Metadata and DescribeCluster show each broker's rack, and the
 * replicas of a new topic go to different racks. This node (broker 1) has none, so it forms an
 * unnamed rack of its own, as a Kafka broker without {@code broker.rack} does.
 */
class BrokerRacksTest {

    private static final Map<Integer, String> RACKS = Map.of(2, "rack-b", 3, "rack-b", 4, "rack-c");

    @TempDir
    Path dataDir;

    private TestNode node;
    private KafkaWireClient client;

    @BeforeEach
    void startNodeAndRegisterBrokersWithRacks() throws Exception {
        node = TestNode.start(dataDir);
        for (Map.Entry<Integer, String> broker : RACKS.entrySet()) {
            CommandResult registered = node.engine().write(new RegisterBroker(
                    new BrokerInfo(broker.getKey(), "127.0.0." + broker.getKey(), 9092, broker.getValue())))
                    .get(10, TimeUnit.SECONDS);
            assertThat(registered).isEqualTo(CommandResult.OK);
        }
        client = node.connect();
    }

    @AfterEach
    void stopNode() throws IOException {
        client.close();
        node.close();
    }

    @Test
    void metadataShowsEveryBrokersRack() throws IOException {
        MetadataResponseData response = client.call(ApiKeys.METADATA, Requests.latest(ApiKeys.METADATA),
                Requests.metadataFor(), MetadataResponseData.class);

        assertThat(response.brokers().stream().collect(Collectors.toMap(b -> b.nodeId(), b -> String.valueOf(b.rack()))))
                .containsExactlyInAnyOrderEntriesOf(Map.of(1, "null", 2, "rack-b", 3, "rack-b", 4, "rack-c"));
    }

    @Test
    void describeClusterShowsEveryBrokersRack() throws IOException {
        DescribeClusterResponseData response = client.call(ApiKeys.DESCRIBE_CLUSTER, Requests.latest(ApiKeys.DESCRIBE_CLUSTER),
                Requests.describeCluster(), DescribeClusterResponseData.class);

        assertThat(response.brokers().stream().collect(Collectors.toMap(b -> b.brokerId(), b -> String.valueOf(b.rack()))))
                .containsExactlyInAnyOrderEntriesOf(Map.of(1, "null", 2, "rack-b", 3, "rack-b", 4, "rack-c"));
    }

    @Test
    void aNewTopicHasOneReplicaOfEachPartitionInEachRack() throws IOException {
        CreateTopicsRequestData request = Requests.createTopics(12, "racked");
        request.topics().find("racked").setReplicationFactor((short) 3);
        CreateTopicsResponseData created = client.call(ApiKeys.CREATE_TOPICS, Requests.latest(ApiKeys.CREATE_TOPICS),
                request, CreateTopicsResponseData.class);
        assertThat(Errors.forCode(created.topics().find("racked").errorCode())).isEqualTo(Errors.NONE);

        MetadataResponseData.MetadataResponseTopic topic = Requests.describeTopic(client, "racked");
        assertThat(topic.partitions()).hasSize(12).allSatisfy((MetadataResponsePartition partition) -> {
            assertThat(partition.replicaNodes()).hasSize(3).contains(1, 4);
            assertThat(partition.replicaNodes()).containsAnyOf(2, 3);
        });
    }
}
