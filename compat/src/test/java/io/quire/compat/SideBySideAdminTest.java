package io.quire.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataRequestData.MetadataRequestTopic;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/**
 * The APIs Quire serves today (ApiVersions, Metadata, CreateTopics, DeleteTopics by name and by
 * id, DescribeCluster) and their error codes, through the real AdminClient (and raw requests where
 * the AdminClient hides the API), against Kafka 4.4 and Quire: the same results and errors.
 */
class SideBySideAdminTest extends SideBySide {

    private static final Set<ApiKeys> SERVED_TODAY = Set.of(ApiKeys.API_VERSIONS, ApiKeys.METADATA,
            ApiKeys.CREATE_TOPICS, ApiKeys.DELETE_TOPICS, ApiKeys.DESCRIBE_CLUSTER);

    @Test
    void apiVersionsAdvertisesWhatKafkaAdvertisesForEveryApiQuireServes() throws Exception {
        ApiVersionsResponseData kafkaVersions = apiVersions(kafka);
        ApiVersionsResponseData quireVersions = apiVersions(quire);

        assertThat(kafkaVersions.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(quireVersions.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(quireVersions.apiKeys()).extracting(v -> ApiKeys.forId(v.apiKey())).containsAll(SERVED_TODAY);
        // A client negotiates the same version with either server, for every API Quire advertises.
        for (ApiVersion quireRange : quireVersions.apiKeys()) {
            ApiVersion kafkaRange = kafkaVersions.apiKeys().find(quireRange.apiKey());
            assertThat(kafkaRange).as("Kafka serves %s", ApiKeys.forId(quireRange.apiKey())).isNotNull();
            assertThat(quireRange).as("versions of %s", ApiKeys.forId(quireRange.apiKey())).isEqualTo(kafkaRange);
        }
    }

    @Test
    void createTopicsReportsPartitionsReplicationFactorAndTheConfigGiven() throws Exception {
        String topic = topicName("created");
        Outcome created = same(target -> Outcome.of(() -> {
            CreateTopicsResult result = target.admin().createTopics(List.of(
                    new NewTopic(topic, 3, (short) 1).configs(Map.of("retention.ms", "1000"))));
            result.all().get();
            return List.of(result.numPartitions(topic).get(), result.replicationFactor(topic).get(),
                    result.config(topic).get().get("retention.ms").value(), !result.topicId(topic).get().equals(Uuid.ZERO_UUID));
        }));
        assertThat(created).isEqualTo(Outcome.success(List.of(3, 1, "1000", true)));
    }

    @Test
    void createTopicsWithoutPartitionsOrReplicationFactorUsesTheDefaults() throws Exception {
        String topic = topicName("defaults");
        Outcome created = same(target -> Outcome.of(() -> {
            CreateTopicsResult result = target.admin().createTopics(List.of(
                    new NewTopic(topic, Optional.empty(), Optional.empty())));
            return List.of(result.numPartitions(topic).get(), result.replicationFactor(topic).get());
        }));
        assertThat(created).isEqualTo(Outcome.success(List.of(1, 1)));
    }

    @Test
    void createTopicsValidateOnlyAnswersWithoutCreating() throws Exception {
        String topic = topicName("validated");
        List<Object> outcome = same(target -> {
            CreateTopicsResult result = target.admin().createTopics(List.of(new NewTopic(topic, 4, (short) 1)),
                    new CreateTopicsOptions().validateOnly(true));
            return List.of(Outcome.of(() -> result.numPartitions(topic).get()),
                    target.admin().listTopics().names().get().contains(topic));
        });
        assertThat(outcome).containsExactly(Outcome.success(4), false);
    }

    @Test
    void createTopicsOfAnExistingTopicFailsWithTopicAlreadyExists() throws Exception {
        String topic = topicName("twice");
        Outcome second = same(target -> {
            target.admin().createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            return Outcome.of(() -> target.admin().createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get());
        });
        assertThat(second).isEqualTo(Outcome.failure(TopicExistsException.class));
    }

    @Test
    void createTopicsWithAnInvalidNameFailsWithInvalidTopicException() throws Exception {
        String dotted = topicName("dotted.name");
        List<String> invalid = List.of("", ".", "..", "a".repeat(250), "has space", "bad/slash", "ü",
                // collides with the dotted name in Kafka's metric names
                dotted.replace('.', '_'));
        Map<String, Outcome> outcomes = same(target -> {
            target.admin().createTopics(List.of(new NewTopic(dotted, 1, (short) 1))).all().get();
            Map<String, Outcome> byName = new LinkedHashMap<>();
            for (String name : invalid) {
                byName.put(name, Outcome.of(() -> target.admin().createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get()));
            }
            return byName;
        });
        assertThat(outcomes.values()).containsOnly(Outcome.failure(InvalidTopicException.class));
    }

    @Test
    void createTopicsWithoutAPositivePartitionCountFailsWithInvalidPartitions() throws Exception {
        Map<Integer, Outcome> outcomes = same(target -> Map.of(
                0, createOutcome(target, new NewTopic(topicName("zero-partitions"), 0, (short) 1)),
                -2, createOutcome(target, new NewTopic(topicName("negative-partitions"), -2, (short) 1))));
        assertThat(outcomes.values()).containsOnly(Outcome.failure(InvalidPartitionsException.class));
    }

    @Test
    void createTopicsWithAReplicationFactorTheClusterCannotHoldFailsWithInvalidReplicationFactor() throws Exception {
        Map<Short, Outcome> outcomes = same(target -> Map.of(
                (short) 0, createOutcome(target, new NewTopic(topicName("rf-zero"), 1, (short) 0)),
                (short) -2, createOutcome(target, new NewTopic(topicName("rf-negative"), 1, (short) -2)),
                (short) 3, createOutcome(target, new NewTopic(topicName("rf-three-on-one-node"), 1, (short) 3))));
        assertThat(outcomes.values()).containsOnly(Outcome.failure(InvalidReplicationFactorException.class));
    }

    @Test
    void oneBadTopicDoesNotFailTheOthersOfItsRequest() throws Exception {
        String good = topicName("batch-good");
        String badName = topicName("batch bad");
        String zeroPartitions = topicName("batch-zero");
        String rfTooHigh = topicName("batch-rf");
        Map<String, Outcome> outcomes = same(target -> {
            CreateTopicsResult result = target.admin().createTopics(List.of(
                    new NewTopic(good, 3, (short) 1),
                    new NewTopic(badName, 1, (short) 1),
                    new NewTopic(zeroPartitions, 0, (short) 1),
                    new NewTopic(rfTooHigh, 1, (short) 3)));
            Map<String, Outcome> byTopic = new LinkedHashMap<>();
            for (String topic : List.of(good, badName, zeroPartitions, rfTooHigh)) {
                byTopic.put(topic, Outcome.of(() -> result.numPartitions(topic).get()));
            }
            return byTopic;
        });
        assertThat(outcomes).containsExactly(
                Map.entry(good, Outcome.success(3)),
                Map.entry(badName, Outcome.failure(InvalidTopicException.class)),
                Map.entry(zeroPartitions, Outcome.failure(InvalidPartitionsException.class)),
                Map.entry(rfTooHigh, Outcome.failure(InvalidReplicationFactorException.class)));
    }

    @Test
    void createTopicsThatCannotCompleteWithinItsTimeoutFailsWithRequestTimedOut() throws Exception {
        // A timeout of 0 ms has passed before any server can act on the request: Kafka's
        // controller drops it unexecuted and answers REQUEST_TIMED_OUT; the topic does not exist.
        String topic = topicName("no-time");
        List<Object> outcome = same(target -> {
            CreateTopicsRequestData request = new CreateTopicsRequestData().setTimeoutMs(0);
            request.topics().add(new CreatableTopic().setName(topic).setNumPartitions(1).setReplicationFactor((short) 1));
            CreateTopicsResponseData response;
            try (Wire wire = target.connect()) {
                response = wire.call(request, ApiKeys.CREATE_TOPICS.latestVersion(), CreateTopicsResponseData.class);
            }
            return List.of(Errors.forCode(response.topics().find(topic).errorCode()),
                    target.admin().listTopics().names().get().contains(topic));
        });
        assertThat(outcome).containsExactly(Errors.REQUEST_TIMED_OUT, false);
    }

    @Test
    void metadataDescribesACreatedTopicWithThisNodeAsLeaderOfEveryPartition() throws Exception {
        String topic = topicName("described");
        List<String> partitions = same(target -> {
            target.admin().createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
            target.awaitTopics(List.of(topic));
            MetadataResponseTopic described = metadata(target, topic);
            assertThat(described.topicId()).isNotEqualTo(Uuid.ZERO_UUID);
            return described.partitions().stream()
                    .map(p -> "partition " + p.partitionIndex() + " error " + p.errorCode()
                            + " leader is node: " + (p.leaderId() == target.nodeId())
                            + ", replicas and ISR are the node: "
                            + (p.replicaNodes().equals(List.of(target.nodeId())) && p.isrNodes().equals(List.of(target.nodeId()))))
                    .sorted()
                    .toList();
        });
        assertThat(partitions).containsExactly(
                "partition 0 error 0 leader is node: true, replicas and ISR are the node: true",
                "partition 1 error 0 leader is node: true, replicas and ISR are the node: true",
                "partition 2 error 0 leader is node: true, replicas and ISR are the node: true");
    }

    @Test
    void metadataOfAnUnknownTopicFailsWithUnknownTopicOrPartition() throws Exception {
        String topic = topicName("never-created");
        List<Object> outcome = same(target -> List.of(
                Errors.forCode(metadata(target, topic).errorCode()),
                Outcome.of(() -> target.admin().describeTopics(List.of(topic)).allTopicNames().get())));
        assertThat(outcome).containsExactly(Errors.UNKNOWN_TOPIC_OR_PARTITION,
                Outcome.failure(UnknownTopicOrPartitionException.class));
    }

    @Test
    void deleteTopicsByNameRemovesTheTopic() throws Exception {
        String topic = topicName("deleted-by-name");
        Outcome deleted = same(target -> {
            target.admin().createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
            target.awaitTopics(List.of(topic));
            Outcome outcome = Outcome.of(() -> target.admin().deleteTopics(List.of(topic)).all().get());
            target.awaitNoTopics(List.of(topic));
            return outcome;
        });
        assertThat(deleted).isEqualTo(Outcome.success(null));
    }

    @Test
    void deleteTopicsByIdRemovesTheTopic() throws Exception {
        String topic = topicName("deleted-by-id");
        Outcome deleted = same(target -> {
            Uuid id = target.admin().createTopics(List.of(new NewTopic(topic, 2, (short) 1))).topicId(topic).get();
            target.awaitTopics(List.of(topic));
            Outcome outcome = Outcome.of(() -> target.admin().deleteTopics(TopicCollection.ofTopicIds(List.of(id))).all().get());
            target.awaitNoTopics(List.of(topic));
            return outcome;
        });
        assertThat(deleted).isEqualTo(Outcome.success(null));
    }

    @Test
    void deleteTopicsOfAnUnknownNameOrIdFails() throws Exception {
        String topic = topicName("never-created");
        Uuid id = Uuid.randomUuid();
        List<Outcome> outcomes = same(target -> List.of(
                Outcome.of(() -> target.admin().deleteTopics(List.of(topic)).all().get()),
                Outcome.of(() -> target.admin().deleteTopics(TopicCollection.ofTopicIds(List.of(id))).all().get())));
        assertThat(outcomes).containsExactly(Outcome.failure(UnknownTopicOrPartitionException.class),
                Outcome.failure(UnknownTopicIdException.class));
    }

    @Test
    void describeClusterNamesThisNodeAsTheOnlyBrokerAndAsController() throws Exception {
        List<Object> cluster = same(target -> {
            DescribeClusterResult result = target.admin().describeCluster();
            Node node = result.nodes().get().iterator().next();
            return List.of(result.nodes().get().size(), node.id() == target.nodeId(), node.host(),
                    node.port() == target.port(), result.controller().get().equals(node),
                    !result.clusterId().get().isEmpty());
        });
        assertThat(cluster).containsExactly(1, true, "127.0.0.1", true, true, true);
    }

    private static Outcome createOutcome(Target target, NewTopic topic) throws Exception {
        return Outcome.of(() -> target.admin().createTopics(List.of(topic)).all().get());
    }

    private static ApiVersionsResponseData apiVersions(Target target) throws Exception {
        try (Wire wire = target.connect()) {
            return wire.call(new ApiVersionsRequestData()
                            .setClientSoftwareName("quire-compat")
                            .setClientSoftwareVersion("1"),
                    ApiKeys.API_VERSIONS.latestVersion(), ApiVersionsResponseData.class);
        }
    }

    private static MetadataResponseTopic metadata(Target target, String topic) throws Exception {
        MetadataRequestData request = new MetadataRequestData().setAllowAutoTopicCreation(false);
        request.topics().add(new MetadataRequestTopic().setName(topic));
        try (Wire wire = target.connect()) {
            return wire.call(request, ApiKeys.METADATA.latestVersion(), MetadataResponseData.class).topics().find(topic);
        }
    }
}
