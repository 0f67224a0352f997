package io.quire.kafka.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.MessageUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A malformed, oversized or unservable request closes its own connection with a logged reason;
 * the node keeps serving other connections, open ones and new ones.
 */
class MalformedRequestTest {

    private static final int MAX_FRAME_BYTES = 1024;

    @TempDir
    static Path dataDir;

    private static TestNode node;

    /** A connection opened before the bad one, which must not notice anything. */
    private KafkaWireClient bystander;
    private LogCapture handlerLog;

    @BeforeAll
    static void startNode() throws IOException {
        node = TestNode.start(dataDir, MAX_FRAME_BYTES);
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @BeforeEach
    void openBystander() throws IOException {
        bystander = node.connect();
        assertBystanderIsServed();
        handlerLog = LogCapture.of(KafkaRequestHandler.class);
    }

    @AfterEach
    void closeBystander() throws IOException {
        handlerLog.close();
        bystander.close();
    }

    @Test
    void lengthPrefixAboveTheLimitClosesTheConnectionBeforeTheClaimedBytesArrive() throws IOException {
        try (KafkaWireClient client = node.connect()) {
            // A billion bytes are claimed and eight are sent: the server can only close the
            // connection now if it judged the prefix alone, without waiting for (or allocating) the frame.
            client.sendLengthPrefixAndBytes(1_000_000_000, new byte[8]);
            client.awaitClosedByServer();
        }
        assertClosedWithLoggedReason("frame too large");
        assertNodeKeepsServing();
    }

    @Test
    void wellFormedCreateTopicsLargerThanTheLimitClosesTheConnectionAndCreatesNothing() throws IOException {
        String[] names = new String[40];
        for (int i = 0; i < names.length; i++) {
            names[i] = "a-topic-name-long-enough-to-fill-the-frame-" + i;
        }
        short version = ApiKeys.CREATE_TOPICS.latestVersion();
        CreateTopicsRequestData request = Requests.createTopics(1, names);
        assertThat(MessageUtil.toByteBufferAccessor(request, version).buffer().remaining())
                .isGreaterThan(MAX_FRAME_BYTES);
        try (KafkaWireClient client = node.connect()) {
            client.send(ApiKeys.CREATE_TOPICS, version, request);
            client.awaitClosedByServer();
        }
        assertClosedWithLoggedReason("frame too large");
        assertNodeKeepsServing();
        assertThat(node.engine().view().topics()).extracting(topic -> topic.name()).doesNotContain(names);
    }

    @Test
    void negativeLengthPrefixClosesTheConnection() throws IOException {
        try (KafkaWireClient client = node.connect()) {
            client.sendLengthPrefixAndBytes(-5, new byte[8]);
            client.awaitClosedByServer();
        }
        // Netty reads the prefix as unsigned: -5 claims about 4 GiB, beyond any limit.
        assertClosedWithLoggedReason("frame too large");
        assertNodeKeepsServing();
    }

    @Test
    void apiKeyThatIsNotServedClosesTheConnection() throws IOException {
        try (KafkaWireClient client = node.connect()) {
            client.send(ApiKeys.PRODUCE, ApiKeys.PRODUCE.latestVersion(), new ProduceRequestData().setAcks((short) 1));
            client.awaitClosedByServer();
        }
        assertClosedWithLoggedReason("PRODUCE is not served");
        assertNodeKeepsServing();
    }

    @Test
    void unknownApiKeyNumberClosesTheConnection() throws IOException {
        try (KafkaWireClient client = node.connect()) {
            RequestHeaderData header = new RequestHeaderData()
                    .setRequestApiKey((short) 9999)
                    .setRequestApiVersion((short) 0)
                    .setCorrelationId(7)
                    .setClientId(KafkaWireClient.CLIENT_ID);
            client.sendWithHeader(header, (short) 1, new ApiVersionsRequestData(), (short) 0);
            client.awaitClosedByServer();
        }
        assertClosedWithLoggedReason("unreadable request header");
        assertNodeKeepsServing();
    }

    @Test
    void randomBytesAfterAValidMetadataHeaderCloseTheConnection() throws IOException {
        short version = ApiKeys.METADATA.latestVersion();
        byte[] garbage = new byte[64];
        new Random(20240611L).nextBytes(garbage);
        // The body must really be garbage: kafka-clients' own parser refuses it.
        assertThatThrownBy(() -> new MetadataRequestData(new ByteBufferAccessor(ByteBuffer.wrap(garbage)), version))
                .isInstanceOf(RuntimeException.class);
        try (KafkaWireClient client = node.connect()) {
            client.sendHeaderWithRawBody(ApiKeys.METADATA, version, garbage);
            client.awaitClosedByServer();
        }
        assertClosedWithLoggedReason("malformed METADATA");
        assertNodeKeepsServing();
    }

    @Test
    void truncatedCreateTopicsBodyClosesTheConnectionAndCreatesNothing() throws IOException {
        short version = ApiKeys.CREATE_TOPICS.latestVersion();
        CreateTopicsRequestData request = Requests.createTopics(1, "truncated-topic");
        ByteBuffer whole = MessageUtil.toByteBufferAccessor(request, version).buffer();
        byte[] truncated = Arrays.copyOf(whole.array(), whole.remaining() - 6);
        try (KafkaWireClient client = node.connect()) {
            client.sendHeaderWithRawBody(ApiKeys.CREATE_TOPICS, version, truncated);
            client.awaitClosedByServer();
        }
        assertClosedWithLoggedReason("malformed CREATE_TOPICS");
        assertNodeKeepsServing();
        assertThat(Errors.forCode(describeOnBystander("truncated-topic"))).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
    }

    @Test
    void requestsPipelinedBehindAMalformedOneAreNotExecuted() throws IOException {
        try (KafkaWireClient client = node.connect()) {
            // Both frames leave in one flush, so the server decodes them from the same read.
            client.queue(ApiKeys.PRODUCE, ApiKeys.PRODUCE.latestVersion(), new ProduceRequestData().setAcks((short) 1));
            client.queue(ApiKeys.CREATE_TOPICS, ApiKeys.CREATE_TOPICS.latestVersion(),
                    Requests.createTopics(1, "behind-a-bad-request"));
            client.flush();
            client.awaitClosedByServer();
        }
        assertClosedWithLoggedReason("PRODUCE is not served");
        assertNodeKeepsServing();
        assertThat(node.engine().view().topic("behind-a-bad-request")).isEmpty();
    }

    @Test
    void metadataVersionAboveTheServedRangeClosesTheConnection() throws IOException {
        short version = (short) (ApiKeys.METADATA.latestVersion() + 1);
        try (KafkaWireClient client = node.connect()) {
            client.send(ApiKeys.METADATA, version, new MetadataRequestData());
            client.awaitClosedByServer();
        }
        assertClosedWithLoggedReason("METADATA version " + version + " is not served");
        assertNodeKeepsServing();
    }

    @Test
    void createTopicsVersionBelowTheServedRangeClosesTheConnection() throws IOException {
        short version = (short) (ApiKeys.CREATE_TOPICS.oldestVersion() - 1);
        try (KafkaWireClient client = node.connect()) {
            // Version 1 cannot carry a topic at all in kafka-clients 4.x; the empty request is enough.
            client.send(ApiKeys.CREATE_TOPICS, version, new CreateTopicsRequestData());
            client.awaitClosedByServer();
        }
        assertClosedWithLoggedReason("CREATE_TOPICS version " + version + " is not served");
        assertNodeKeepsServing();
    }

    @Test
    void frameTooShortForARequestHeaderClosesTheConnection() throws IOException {
        try (KafkaWireClient client = node.connect()) {
            client.sendLengthPrefixAndBytes(3, new byte[] {0, 3, 0});
            client.awaitClosedByServer();
        }
        assertClosedWithLoggedReason("unreadable request header");
        assertNodeKeepsServing();
    }

    private void assertClosedWithLoggedReason(String reason) {
        await().pollDelay(Duration.ZERO).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(handlerLog.messages()).anySatisfy(message -> assertThat(message)
                        .startsWith("WARN Closing Kafka connection from")
                        .contains(reason)));
    }

    /** The open bystander connection and a new connection are both still answered. */
    private void assertNodeKeepsServing() throws IOException {
        assertBystanderIsServed();
        Requests.assertServes(node);
    }

    private void assertBystanderIsServed() throws IOException {
        ApiVersionsResponseData response = bystander.call(ApiKeys.API_VERSIONS,
                ApiKeys.API_VERSIONS.latestVersion(), Requests.apiVersions(), ApiVersionsResponseData.class);
        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
    }

    private short describeOnBystander(String topic) throws IOException {
        return Requests.describeTopic(bystander, topic).errorCode();
    }
}
