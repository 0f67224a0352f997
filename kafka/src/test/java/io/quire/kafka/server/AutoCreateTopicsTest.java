package io.quire.kafka.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** auto.create.topics.enable: off by default; when on, Metadata requests that allow it create topics. */
class AutoCreateTopicsTest {

    @TempDir
    Path dataDir;

    @Test
    void offByDefaultAMetadataRequestNeverCreatesATopic() throws IOException {
        try (TestNode node = TestNode.start(dataDir); KafkaWireClient client = node.connect()) {
            MetadataResponseTopic topic = metadata(client, "not-created", true);

            assertThat(Errors.forCode(topic.errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
            assertThat(node.engine().view().topic("not-created")).isEmpty();
        }
    }

    @Test
    void whenOnAnAllowingRequestCreatesTheTopicWithTheDefaultsAndIsAnsweredLeaderNotAvailable() throws IOException {
        try (TestNode node = TestNode.startWithAutoCreation(dataDir); KafkaWireClient client = node.connect()) {
            MetadataResponseTopic first = metadata(client, "auto-created", true);
            assertThat(Errors.forCode(first.errorCode())).isEqualTo(Errors.LEADER_NOT_AVAILABLE);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                MetadataResponseTopic again = metadata(client, "auto-created", true);
                assertThat(Errors.forCode(again.errorCode())).isEqualTo(Errors.NONE);
                assertThat(again.partitions()).hasSize(1);
            });
        }
    }

    @Test
    void whenOnARequestThatDisallowsItOrAnIllegalNameCreatesNothing() throws IOException {
        try (TestNode node = TestNode.startWithAutoCreation(dataDir); KafkaWireClient client = node.connect()) {
            assertThat(Errors.forCode(metadata(client, "disallowed", false).errorCode()))
                    .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
            assertThat(Errors.forCode(metadata(client, "bad name", true).errorCode()))
                    .isEqualTo(Errors.INVALID_TOPIC_EXCEPTION);
            assertThat(node.engine().view().topics()).isEmpty();
        }
    }

    private static MetadataResponseTopic metadata(KafkaWireClient client, String name, boolean allowAutoCreation)
            throws IOException {
        MetadataResponseData response = client.call(ApiKeys.METADATA, ApiKeys.METADATA.latestVersion(),
                Requests.metadataFor(name).setAllowAutoTopicCreation(allowAutoCreation), MetadataResponseData.class);
        return response.topics().find(name);
    }
}
