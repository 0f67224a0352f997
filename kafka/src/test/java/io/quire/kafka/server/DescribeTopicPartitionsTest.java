package io.quire.kafka.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/** DescribeTopicPartitions pages through partitions with a cursor, as Kafka's broker does. */
class DescribeTopicPartitionsTest extends NodeTest {

    @Test
    void pagesThroughEveryTopicWithTheCursor() throws IOException {
        Requests.createTopic(client, "page-a", 3);
        Requests.createTopic(client, "page-b", 2);

        DescribeTopicPartitionsResponseData first = call(Requests.describeTopicPartitions().setResponsePartitionLimit(2));
        assertThat(first.topics()).singleElement().satisfies(topic -> {
            assertThat(topic.name()).isEqualTo("page-a");
            assertThat(topic.partitions()).extracting(p -> p.partitionIndex()).containsExactly(0, 1);
        });
        assertThat(first.nextCursor().topicName()).isEqualTo("page-a");
        assertThat(first.nextCursor().partitionIndex()).isEqualTo(2);

        DescribeTopicPartitionsRequestData next = Requests.describeTopicPartitions().setResponsePartitionLimit(2);
        next.setCursor(new DescribeTopicPartitionsRequestData.Cursor().setTopicName("page-a").setPartitionIndex(2));
        DescribeTopicPartitionsResponseData second = call(next);
        assertThat(second.topics()).extracting(DescribeTopicPartitionsResponseTopic::name)
                .containsExactly("page-a", "page-b");
        List<DescribeTopicPartitionsResponseTopic> topics = List.copyOf(second.topics());
        assertThat(topics.get(0).partitions()).extracting(p -> p.partitionIndex()).containsExactly(2);
        assertThat(topics.get(1).partitions()).extracting(p -> p.partitionIndex()).containsExactly(0);
        assertThat(second.nextCursor().topicName()).isEqualTo("page-b");
        assertThat(second.nextCursor().partitionIndex()).isEqualTo(1);
    }

    @Test
    void namedTopicsThatDoNotExistOrAreIllegalGetTheirErrors() throws IOException {
        Requests.createTopic(client, "present", 1);

        DescribeTopicPartitionsResponseData response = call(
                Requests.describeTopicPartitions("present", "absent", "bad name"));

        assertThat(response.topics()).extracting(DescribeTopicPartitionsResponseTopic::name)
                .containsExactly("absent", "bad name", "present");
        List<DescribeTopicPartitionsResponseTopic> topics = List.copyOf(response.topics());
        assertThat(Errors.forCode(topics.get(0).errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(Errors.forCode(topics.get(1).errorCode())).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION);
        assertThat(Errors.forCode(topics.get(2).errorCode())).isEqualTo(Errors.NONE);
    }

    private DescribeTopicPartitionsResponseData call(DescribeTopicPartitionsRequestData request) throws IOException {
        return client.call(ApiKeys.DESCRIBE_TOPIC_PARTITIONS, Requests.latest(ApiKeys.DESCRIBE_TOPIC_PARTITIONS),
                request, DescribeTopicPartitionsResponseData.class);
    }
}
