package io.quire.kafka.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsAssignment;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/** CreatePartitions grows topics through the one order, and refuses with Kafka's errors. */
class CreatePartitionsTest extends NodeTest {

    @Test
    void growsTopicsEachOnItsOwnWhileBadRequestsFail() throws IOException {
        Requests.createTopic(client, "grows", 2);
        Requests.createTopic(client, "same-count", 2);
        Requests.createTopic(client, "shrinks", 3);
        CreatePartitionsRequestData request = Requests.createPartitions(4, "grows", "missing");
        request.topics().add(new CreatePartitionsTopic().setName("same-count").setCount(2).setAssignments(null));
        request.topics().add(new CreatePartitionsTopic().setName("shrinks").setCount(2).setAssignments(null));

        CreatePartitionsResponseData response = call(request);

        assertThat(result(response, "grows").errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(Errors.forCode(result(response, "missing").errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(Errors.forCode(result(response, "same-count").errorCode())).isEqualTo(Errors.INVALID_PARTITIONS);
        assertThat(result(response, "same-count").errorMessage()).isEqualTo("Topic already has 2 partition(s).");
        assertThat(result(response, "shrinks").errorMessage())
                .isEqualTo("The topic shrinks currently has 3 partition(s); 2 would not be an increase.");
        assertThat(Requests.describeTopic(client, "grows").partitions()).hasSize(4)
                .allSatisfy(partition -> assertThat(partition.replicaNodes()).containsExactly(TestNode.NODE_ID));
        assertThat(Requests.describeTopic(client, "shrinks").partitions()).hasSize(3);
    }

    @Test
    void manualAssignmentsAreCheckedAgainstTheRegisteredBrokersAndTheReplicationFactor() throws IOException {
        Requests.createTopic(client, "assigned", 1);
        CreatePartitionsResponseData unknownBroker = call(withAssignments("assigned", 2, List.of(List.of(99))));
        CreatePartitionsResponseData tooFew = call(withAssignments("assigned", 3, List.of(List.of(TestNode.NODE_ID))));
        CreatePartitionsResponseData twice = call(withAssignments("assigned", 2,
                List.of(List.of(TestNode.NODE_ID, TestNode.NODE_ID))));
        CreatePartitionsResponseData placed = call(withAssignments("assigned", 2, List.of(List.of(TestNode.NODE_ID))));

        assertThat(Errors.forCode(unknownBroker.results().get(0).errorCode())).isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT);
        assertThat(unknownBroker.results().get(0).errorMessage())
                .isEqualTo("The manual partition assignment includes broker 99, but no such broker is registered.");
        assertThat(tooFew.results().get(0).errorMessage())
                .isEqualTo("Attempted to add 2 additional partition(s), but only 1 assignment(s) were specified.");
        assertThat(Errors.forCode(twice.results().get(0).errorCode())).isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT);
        assertThat(Errors.forCode(placed.results().get(0).errorCode())).isEqualTo(Errors.NONE);
        assertThat(Requests.describeTopic(client, "assigned").partitions()).hasSize(2);
    }

    @Test
    void validateOnlyAndAZeroTimeoutChangeNothing() throws IOException {
        Requests.createTopic(client, "unchanged", 1);
        CreatePartitionsResponseData validated = call(Requests.createPartitions(5, "unchanged").setValidateOnly(true));
        CreatePartitionsResponseData timedOut = call(Requests.createPartitions(5, "unchanged").setTimeoutMs(0));

        assertThat(Errors.forCode(validated.results().get(0).errorCode())).isEqualTo(Errors.NONE);
        assertThat(Errors.forCode(timedOut.results().get(0).errorCode())).isEqualTo(Errors.REQUEST_TIMED_OUT);
        assertThat(Requests.describeTopic(client, "unchanged").partitions()).hasSize(1);
    }

    @Test
    void aTopicNamedTwiceGetsOneInvalidRequest() throws IOException {
        Requests.createTopic(client, "doubled", 1);
        CreatePartitionsResponseData response = call(Requests.createPartitions(2, "doubled", "doubled"));

        assertThat(response.results()).singleElement().satisfies(result -> {
            assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.INVALID_REQUEST);
            assertThat(result.errorMessage()).isEqualTo("Duplicate topic name.");
        });
        assertThat(Requests.describeTopic(client, "doubled").partitions()).hasSize(1);
    }

    @Test
    void addedPartitionsSurviveARestart() throws IOException {
        Requests.createTopic(client, "durable", 1);
        call(Requests.createPartitions(3, "durable"));
        client.close();
        node.close();

        node = TestNode.start(dataDir);
        client = node.connect();
        assertThat(Requests.describeTopic(client, "durable").partitions()).hasSize(3);
    }

    private CreatePartitionsResponseData call(CreatePartitionsRequestData request) throws IOException {
        return client.call(ApiKeys.CREATE_PARTITIONS, Requests.latest(ApiKeys.CREATE_PARTITIONS), request,
                CreatePartitionsResponseData.class);
    }

    private static CreatePartitionsRequestData withAssignments(String topic, int count, List<List<Integer>> brokers) {
        CreatePartitionsTopic grown = new CreatePartitionsTopic().setName(topic).setCount(count)
                .setAssignments(new ArrayList<>());
        brokers.forEach(ids -> grown.assignments().add(new CreatePartitionsAssignment().setBrokerIds(ids)));
        CreatePartitionsRequestData request = new CreatePartitionsRequestData().setTimeoutMs(10_000);
        request.topics().add(grown);
        return request;
    }

    private static CreatePartitionsTopicResult result(CreatePartitionsResponseData response, String name) {
        return response.results().stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no result for " + name));
    }
}
