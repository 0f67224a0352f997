package io.quire.kafka.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.common.message.DescribeQuorumResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/** DescribeQuorum of the metadata log, read with Kafka's admin client as kafka-metadata-quorum reads it. */
class DescribeQuorumTest extends NodeTest {

    @Test
    void theAdminClientSeesThisNodeLeadingItsQuorumAtItsLogsEnd() throws Exception {
        Requests.createTopic(client, "quorum-a", 1);
        Requests.createTopic(client, "quorum-b", 1);
        long end = node.engine().endOffset();

        QuorumInfo quorum;
        try (Admin admin = admin()) {
            quorum = admin.describeMetadataQuorum().quorumInfo().get();
        }

        assertThat(quorum.leaderId()).isEqualTo(TestNode.NODE_ID);
        assertThat(quorum.leaderEpoch()).isEqualTo(node.engine().leadership().epoch());
        assertThat(quorum.highWatermark()).isEqualTo(end);
        assertThat(quorum.voters()).singleElement().satisfies(voter -> {
            assertThat(voter.replicaId()).isEqualTo(TestNode.NODE_ID);
            assertThat(voter.logEndOffset()).isEqualTo(end);
            assertThat(voter.lastCaughtUpTimestamp()).isPresent();
        });
        assertThat(quorum.observers()).isEmpty();
        assertThat(quorum.nodes().get(TestNode.NODE_ID).endpoints()).singleElement()
                .satisfies(endpoint -> assertThat(endpoint.port()).isEqualTo(node.port()));
    }

    @Test
    void anyOtherPartitionIsUnknown() throws IOException {
        DescribeQuorumResponseData response = client.call(ApiKeys.DESCRIBE_QUORUM,
                Requests.latest(ApiKeys.DESCRIBE_QUORUM), Requests.describeQuorum("orders", 0),
                DescribeQuorumResponseData.class);

        assertThat(response.topics()).singleElement().satisfies(topic -> assertThat(topic.partitions())
                .singleElement().satisfies(partition -> assertThat(Errors.forCode(partition.errorCode()))
                        .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION)));
    }

    private Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestNode.HOST + ":" + node.port());
        return Admin.create(props);
    }
}
