package io.quire.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataRequestData.MetadataRequestTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/**
 * What the AdminClient hides, on raw connections to Kafka 4.4 and to Quire: requests pipelined on
 * one connection are executed and answered in order, and a request of a version the server does
 * not serve gets UNSUPPORTED_VERSION or a closed connection exactly where Kafka does either.
 */
class WireProtocolSideBySideTest extends SideBySide {

    @Test
    void pipelinedRequestsAreExecutedAndAnsweredInTheOrderSent() throws Exception {
        String topic = topicName("pipelined");
        String absent = topicName("never-created");
        List<String> answers = same(target -> {
            try (Wire wire = target.connect()) {
                List<Wire.Frame> frames = List.of(
                        wire.frame(apiVersionsRequest(), ApiKeys.API_VERSIONS.latestVersion()),
                        // Slow (a durable write) ahead of fast ones: the fast answers must wait.
                        wire.frame(createTopic(topic), ApiKeys.CREATE_TOPICS.latestVersion()),
                        wire.frame(metadataOf(absent), ApiKeys.METADATA.latestVersion()),
                        // Executed after the first creation, so it finds the topic there.
                        wire.frame(createTopic(topic), ApiKeys.CREATE_TOPICS.latestVersion()),
                        wire.frame(new DescribeClusterRequestData(), ApiKeys.DESCRIBE_CLUSTER.latestVersion()),
                        wire.frame(deleteTopic(topic), ApiKeys.DELETE_TOPICS.latestVersion()));
                wire.send(frames.toArray(Wire.Frame[]::new));
                List<String> received = new ArrayList<>();
                for (Wire.Frame frame : frames) {
                    Wire.Response response = wire.read();
                    assertThat(response.correlationId()).as("the response in position %d", received.size())
                            .isEqualTo(frame.correlationId());
                    received.add(Wire.Reaction.answered(response).what());
                }
                return received;
            }
        });
        assertThat(answers).containsExactly(
                "answered API_VERSIONS with {NONE=1}",
                "answered CREATE_TOPICS with {NONE=1}",
                "answered METADATA with {UNKNOWN_TOPIC_OR_PARTITION=1}",
                "answered CREATE_TOPICS with {TOPIC_ALREADY_EXISTS=1}",
                "answered DESCRIBE_CLUSTER with {NONE=1}",
                "answered DELETE_TOPICS with {NONE=1}");
    }

    @Test
    void apiVersionsOfAnUnknownVersionGetsUnsupportedVersionAndTheConnectionStaysUsable() throws Exception {
        List<Object> outcome = same(target -> {
            try (Wire wire = target.connect()) {
                short newer = (short) (ApiKeys.API_VERSIONS.latestVersion() + 1);
                // KIP-511: the answer to a version the server does not know is written as version 0.
                wire.send(wire.frameClaiming(apiVersionsRequest(), newer, ApiKeys.API_VERSIONS.latestVersion(), (short) 0));
                ApiVersionsResponseData refusal = (ApiVersionsResponseData) wire.read().body();
                ApiVersionsResponseData retried = wire.call(apiVersionsRequest(), ApiKeys.API_VERSIONS.latestVersion(),
                        ApiVersionsResponseData.class);
                return List.of(Errors.forCode(refusal.errorCode()),
                        refusal.apiKeys().find(ApiKeys.API_VERSIONS.id).maxVersion(),
                        Errors.forCode(retried.errorCode()));
            }
        });
        assertThat(outcome).containsExactly(Errors.UNSUPPORTED_VERSION, ApiKeys.API_VERSIONS.latestVersion(), Errors.NONE);
    }

    @Test
    void anotherApiOfAVersionTooNewOrRetiredClosesTheConnectionAsKafkaDoes() throws Exception {
        short tooNew = (short) (ApiKeys.METADATA.latestVersion() + 1);
        // Kafka 4 dropped CreateTopics versions 0 and 1 (KIP-896); the body is written in the
        // oldest version left, since the server refuses on the header alone.
        short retired = (short) (ApiKeys.CREATE_TOPICS.oldestVersion() - 1);
        List<Wire.Reaction> reactions = same(target -> List.of(
                reactionTo(target, metadataOf(topicName("any")), tooNew, ApiKeys.METADATA.latestVersion()),
                reactionTo(target, createTopic(topicName("retired-version")), retired, ApiKeys.CREATE_TOPICS.oldestVersion())));
        assertThat(reactions).containsOnly(Wire.Reaction.CLOSED);
        // Only that connection was closed: the server still serves a new one.
        same(target -> {
            try (Wire wire = target.connect()) {
                return Errors.forCode(wire.call(apiVersionsRequest(), ApiKeys.API_VERSIONS.latestVersion(),
                        ApiVersionsResponseData.class).errorCode());
            }
        });
    }

    private static Wire.Reaction reactionTo(Target target, ApiMessage body, short claimedVersion, short bodyVersion)
            throws Exception {
        try (Wire wire = target.connect()) {
            wire.send(wire.frameClaiming(body, claimedVersion, bodyVersion, bodyVersion));
            return wire.reaction();
        }
    }

    private static ApiVersionsRequestData apiVersionsRequest() {
        return new ApiVersionsRequestData().setClientSoftwareName("quire-compat").setClientSoftwareVersion("1");
    }

    private static CreateTopicsRequestData createTopic(String topic) {
        CreateTopicsRequestData request = new CreateTopicsRequestData().setTimeoutMs(30_000);
        request.topics().add(new CreatableTopic().setName(topic).setNumPartitions(1).setReplicationFactor((short) 1));
        return request;
    }

    private static MetadataRequestData metadataOf(String topic) {
        MetadataRequestData request = new MetadataRequestData().setAllowAutoTopicCreation(false);
        request.topics().add(new MetadataRequestTopic().setName(topic));
        return request;
    }

    private static DeleteTopicsRequestData deleteTopic(String topic) {
        DeleteTopicsRequestData request = new DeleteTopicsRequestData().setTimeoutMs(30_000);
        request.topics().add(new DeleteTopicsRequestData.DeleteTopicState().setName(topic));
        return request;
    }
}
