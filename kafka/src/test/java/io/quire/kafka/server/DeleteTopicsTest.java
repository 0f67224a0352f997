package io.quire.kafka.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData.DeleteTopicState;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DeleteTopics by topic id, which version 6 introduced. */
class DeleteTopicsTest {

    private static final short VERSION = Requests.DELETE_TOPICS_BY_STATE_VERSION;

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
    void deleteByTopicIdDeletesTheTopicAndNamesItInTheResult() throws IOException {
        try (KafkaWireClient client = node.connect()) {
            Uuid id = Requests.createTopic(client, "doomed", 2);
            Uuid kept = Requests.createTopic(client, "kept", 1);

            DeleteTopicsResponseData response = client.call(ApiKeys.DELETE_TOPICS, VERSION,
                    Requests.deleteTopicsById(id), DeleteTopicsResponseData.class);

            assertThat(response.responses()).singleElement().satisfies(result -> {
                assertThat(Errors.forCode(result.errorCode())).as(result.errorMessage()).isEqualTo(Errors.NONE);
                assertThat(result.topicId()).isEqualTo(id);
                assertThat(result.name()).isEqualTo("doomed");
            });
            assertThat(Errors.forCode(Requests.describeTopic(client, "doomed").errorCode()))
                    .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
            assertThat(node.engine().view().topic("doomed")).isEmpty();
            assertThat(Requests.describeTopic(client, "kept").topicId()).isEqualTo(kept);
        }
    }

    @Test
    void unknownTopicIdGivesUnknownTopicIdWhileAKnownOneInTheSameRequestIsDeleted() throws IOException {
        try (KafkaWireClient client = node.connect()) {
            Uuid known = Requests.createTopic(client, "known", 1);
            Uuid unknown = Uuid.randomUuid();

            DeleteTopicsResponseData response = client.call(ApiKeys.DELETE_TOPICS, VERSION,
                    Requests.deleteTopicsById(unknown, known), DeleteTopicsResponseData.class);

            assertThat(response.responses()).hasSize(2);
            DeletableTopicResult missing = resultFor(response, unknown);
            assertThat(missing.errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_ID.code()).isEqualTo((short) 100);
            assertThat(missing.name()).isNull();
            assertThat(Errors.forCode(resultFor(response, known).errorCode())).isEqualTo(Errors.NONE);
            assertThat(Errors.forCode(Requests.describeTopic(client, "known").errorCode()))
                    .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
    }

    @Test
    void deletingTheSameIdTwiceGivesUnknownTopicIdTheSecondTime() throws IOException {
        try (KafkaWireClient client = node.connect()) {
            Uuid id = Requests.createTopic(client, "once", 1);
            client.call(ApiKeys.DELETE_TOPICS, VERSION, Requests.deleteTopicsById(id), DeleteTopicsResponseData.class);

            DeleteTopicsResponseData again = client.call(ApiKeys.DELETE_TOPICS, VERSION,
                    Requests.deleteTopicsById(id), DeleteTopicsResponseData.class);

            assertThat(again.responses()).singleElement().satisfies(result ->
                    assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_ID));
        }
    }

    @Test
    void aTopicGivenByBothNameAndIdIsRefusedWithInvalidRequestAndKept() throws IOException {
        try (KafkaWireClient client = node.connect()) {
            Uuid id = Requests.createTopic(client, "both", 1);
            DeleteTopicsRequestData request = Requests.deleteTopicsById();
            request.topics().add(new DeleteTopicState().setName("both").setTopicId(id));

            DeleteTopicsResponseData response = client.call(ApiKeys.DELETE_TOPICS, VERSION, request,
                    DeleteTopicsResponseData.class);

            assertThat(response.responses()).singleElement().satisfies(result -> {
                assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.INVALID_REQUEST);
                assertThat(result.errorMessage()).isEqualTo("You may not specify both topic name and topic id.");
            });
            assertThat(Requests.describeTopic(client, "both").topicId()).isEqualTo(id);
        }
    }

    @Test
    void duplicatesAndANameMatchingAGivenIdAreRefusedOnceWhileTheOthersAreDeleted() throws IOException {
        try (KafkaWireClient client = node.connect()) {
            Uuid twiceById = Requests.createTopic(client, "twice-by-id", 1);
            Uuid nameAndId = Requests.createTopic(client, "name-and-id", 1);
            Requests.createTopic(client, "twice-by-name", 1);
            Requests.createTopic(client, "deleted", 1);
            DeleteTopicsRequestData request = Requests.deleteTopicsById(twiceById, twiceById, nameAndId);
            Requests.deleteTopicsByName(VERSION, "twice-by-name", "twice-by-name", "name-and-id", "deleted")
                    .topics().forEach(topic -> request.topics().add(topic.duplicate()));

            DeleteTopicsResponseData response = client.call(ApiKeys.DELETE_TOPICS, VERSION, request,
                    DeleteTopicsResponseData.class);

            assertThat(response.responses()).hasSize(4);
            assertThat(response.responses()).filteredOn(r -> r.errorCode() == Errors.INVALID_REQUEST.code())
                    .extracting(DeletableTopicResult::errorMessage)
                    .containsExactlyInAnyOrder("Duplicate topic id.", "Duplicate topic name.",
                            "The provided topic name maps to an ID that was already supplied.");
            assertThat(node.engine().view().topic("deleted")).isEmpty();
            assertThat(node.engine().view().topics()).extracting(topic -> topic.name())
                    .containsExactlyInAnyOrder("twice-by-id", "name-and-id", "twice-by-name");
        }
    }

    @Test
    void aZeroTimeoutTimesEveryDeletionOutAndDeletesNothing() throws IOException {
        try (KafkaWireClient client = node.connect()) {
            Requests.createTopic(client, "kept-by-timeout", 1);

            DeleteTopicsResponseData response = client.call(ApiKeys.DELETE_TOPICS, VERSION,
                    Requests.deleteTopicsByName(VERSION, "kept-by-timeout").setTimeoutMs(0), DeleteTopicsResponseData.class);

            assertThat(response.responses()).singleElement().satisfies(result ->
                    assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.REQUEST_TIMED_OUT));
            assertThat(node.engine().view().topic("kept-by-timeout")).isPresent();
        }
    }

    private static DeletableTopicResult resultFor(DeleteTopicsResponseData response, Uuid id) {
        return response.responses().stream()
                .filter(result -> result.topicId().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no result for topic id " + id + " in " + response));
    }
}
