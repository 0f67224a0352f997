package io.quire.kafka.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.kafka.server.KafkaWireClient.Sent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clients pipeline requests: the listener must answer them in the order they were sent. */
class PipeliningTest {

    private static final int REQUESTS = 50;
    private static final List<ApiKeys> MIX =
            List.of(ApiKeys.API_VERSIONS, ApiKeys.METADATA, ApiKeys.CREATE_TOPICS, ApiKeys.DESCRIBE_CLUSTER);

    @TempDir
    Path dataDir;

    private TestNode node;

    @BeforeEach
    void startNode() throws IOException {
        node = TestNode.start(dataDir);
    }

    @AfterEach
    void stopNode() {
        node.close();
    }

    @Test
    void fiftyPipelinedRequestsOfMixedApisAreAnsweredInSentOrderWithMatchingBodies() throws IOException {
        try (KafkaWireClient client = node.connect()) {
            Map<ApiKeys, Requests.VersionRange> advertised = Requests.advertised(client);
            List<Sent> sent = new ArrayList<>();
            Map<Integer, String> topicByCorrelationId = new HashMap<>();
            for (int i = 0; i < REQUESTS; i++) {
                // CreateTopics waits for a WAL fsync while the others are answered at once, so an
                // implementation that wrote responses as they complete would reorder them.
                ApiKeys key = MIX.get(i % MIX.size());
                short version = versionFor(advertised, key, i);
                ApiMessage request = switch (key) {
                    case API_VERSIONS -> Requests.apiVersions();
                    case METADATA -> Requests.metadataForAllTopics(version);
                    case CREATE_TOPICS -> Requests.createTopics(1, "pipelined-" + i);
                    default -> Requests.describeCluster();
                };
                Sent queued = client.queue(key, version, request);
                sent.add(queued);
                if (key == ApiKeys.CREATE_TOPICS) {
                    topicByCorrelationId.put(queued.correlationId(), "pipelined-" + i);
                }
            }
            client.flush();

            // Each response must carry the correlation id of the request at the same position.
            for (Sent request : sent) {
                ApiMessage body = client.receive(request, ApiMessage.class);
                assertAnswers(request, body, topicByCorrelationId.get(request.correlationId()));
            }

            for (String topic : topicByCorrelationId.values()) {
                assertThat(Errors.forCode(Requests.describeTopic(client, topic).errorCode()))
                        .as("Metadata of %s after the pipeline", topic)
                        .isEqualTo(Errors.NONE);
            }
        }
    }

    /**
     * Cycles through the advertised versions of {@code key}, so that requests and responses of
     * several header versions (flexible and not) share the pipeline.
     */
    private static short versionFor(Map<ApiKeys, Requests.VersionRange> advertised, ApiKeys key, int i) {
        List<Short> versions = advertised.get(key).versions();
        return versions.get((i / MIX.size()) % versions.size());
    }

    private static void assertAnswers(Sent request, ApiMessage body, String createdTopic) {
        switch (request.key()) {
            case API_VERSIONS -> {
                ApiVersionsResponseData response = (ApiVersionsResponseData) body;
                assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
                assertThat(response.apiKeys()).hasSize(Requests.SERVED.size());
            }
            case METADATA -> {
                MetadataResponseData response = (MetadataResponseData) body;
                assertThat(response.brokers()).singleElement()
                        .satisfies(broker -> assertThat(broker.nodeId()).isEqualTo(TestNode.NODE_ID));
            }
            case CREATE_TOPICS -> {
                CreateTopicsResponseData response = (CreateTopicsResponseData) body;
                assertThat(response.topics()).singleElement().satisfies(result -> {
                    assertThat(result.name()).isEqualTo(createdTopic);
                    assertThat(Errors.forCode(result.errorCode()))
                            .as("creating %s: %s", createdTopic, result.errorMessage())
                            .isEqualTo(Errors.NONE);
                });
            }
            case DESCRIBE_CLUSTER -> {
                DescribeClusterResponseData response = (DescribeClusterResponseData) body;
                assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
                assertThat(response.clusterId()).isEqualTo(TestNode.CLUSTER_ID);
            }
            default -> throw new AssertionError("unexpected request " + request);
        }
    }
}
