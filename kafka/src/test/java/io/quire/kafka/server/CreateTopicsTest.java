package io.quire.kafka.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CreateTopics answers each topic of a batch on its own. */
class CreateTopicsTest {

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
    void nameRepeatedInOneRequestGetsInvalidRequestWhileAnotherTopicOfTheRequestIsCreated() throws IOException {
        CreateTopicsRequestData request = new CreateTopicsRequestData().setTimeoutMs(10_000);
        for (String name : List.of("twice", "single", "twice")) {
            // The request's collection is a multi-collection: both entries named "twice" are sent.
            request.topics().add(new CreatableTopic()
                    .setName(name)
                    .setNumPartitions(1)
                    .setReplicationFactor((short) 1));
        }
        assertThat(request.topics()).hasSize(3);

        try (KafkaWireClient client = node.connect()) {
            CreateTopicsResponseData response = client.call(ApiKeys.CREATE_TOPICS,
                    ApiKeys.CREATE_TOPICS.latestVersion(), request, CreateTopicsResponseData.class);

            List<CreatableTopicResult> twice = response.topics().stream()
                    .filter(result -> result.name().equals("twice"))
                    .toList();
            // As Kafka's controller answers: once per duplicated name, not once per occurrence.
            assertThat(twice).singleElement().satisfies(result -> {
                assertThat(result.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code()).isEqualTo((short) 42);
                assertThat(result.errorMessage()).isEqualTo("Duplicate topic name.");
            });
            assertThat(response.topics()).hasSize(2);
            CreatableTopicResult single = response.topics().find("single");
            assertThat(Errors.forCode(single.errorCode())).as(single.errorMessage()).isEqualTo(Errors.NONE);

            assertThat(Errors.forCode(Requests.describeTopic(client, "twice").errorCode()))
                    .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
            assertThat(Requests.describeTopic(client, "single").topicId()).isEqualTo(single.topicId());
        }
    }

    @Test
    void aZeroOrNegativeTimeoutTimesEveryTopicOutAndCreatesNothing() throws IOException {
        try (KafkaWireClient client = node.connect()) {
            for (int timeoutMs : new int[] {0, -1}) {
                String name = "timed-out" + (timeoutMs == 0 ? "-zero" : "-negative");
                CreateTopicsResponseData response = client.call(ApiKeys.CREATE_TOPICS,
                        ApiKeys.CREATE_TOPICS.latestVersion(), Requests.createTopics(1, name).setTimeoutMs(timeoutMs),
                        CreateTopicsResponseData.class);

                assertThat(Errors.forCode(response.topics().find(name).errorCode())).isEqualTo(Errors.REQUEST_TIMED_OUT);
                assertThat(node.engine().view().topic(name)).isEmpty();
            }
        }
    }

    @Test
    void anIllegalNameIsReportedBeforeABadPartitionCount() throws IOException {
        CreateTopicsRequestData request = Requests.createTopics(0, "bad name");
        try (KafkaWireClient client = node.connect()) {
            CreateTopicsResponseData response = client.call(ApiKeys.CREATE_TOPICS, ApiKeys.CREATE_TOPICS.latestVersion(),
                    request, CreateTopicsResponseData.class);

            assertThat(Errors.forCode(response.topics().find("bad name").errorCode()))
                    .isEqualTo(Errors.INVALID_TOPIC_EXCEPTION);
        }
    }
}
