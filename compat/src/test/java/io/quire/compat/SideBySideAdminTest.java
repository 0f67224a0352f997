package io.quire.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreatePartitionsOptions;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData.TopicRequest;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponseTopic;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataRequestData.MetadataRequestTopic;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/**
 * Every API of the Kafka admin and metadata surface Quire serves (ApiVersions, Metadata,
 * CreateTopics, DeleteTopics by name and by id, CreatePartitions, DescribeConfigs of topics and
 * brokers, IncrementalAlterConfigs, AlterConfigs, DescribeCluster, DescribeTopicPartitions) and
 * their error codes, through the real AdminClient (and raw requests where the AdminClient hides the
 * API), against Kafka 4.4 and Quire: the same results and errors. UNSUPPORTED_VERSION, which the
 * AdminClient never lets reach a server, is in {@link WireProtocolSideBySideTest}.
 */
class SideBySideAdminTest extends SideBySide {

    private static final Set<ApiKeys> SERVED = EnumSet.of(ApiKeys.API_VERSIONS, ApiKeys.METADATA,
            ApiKeys.CREATE_TOPICS, ApiKeys.DELETE_TOPICS, ApiKeys.CREATE_PARTITIONS, ApiKeys.DESCRIBE_CONFIGS,
            ApiKeys.ALTER_CONFIGS, ApiKeys.INCREMENTAL_ALTER_CONFIGS, ApiKeys.DESCRIBE_CLUSTER,
            ApiKeys.DESCRIBE_TOPIC_PARTITIONS, ApiKeys.DESCRIBE_QUORUM);

    @Test
    void apiVersionsAdvertisesExactlyTheServedApisWithKafkasVersions() throws Exception {
        ApiVersionsResponseData kafkaVersions = apiVersions(kafka);
        ApiVersionsResponseData quireVersions = apiVersions(quire);

        assertThat(kafkaVersions.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(quireVersions.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(quireVersions.apiKeys()).extracting(v -> ApiKeys.forId(v.apiKey()))
                .containsExactlyInAnyOrderElementsOf(SERVED);
        // A client negotiates the same version with either server, every version the pinned
        // kafka-clients can parse.
        for (ApiVersion quireRange : quireVersions.apiKeys()) {
            ApiKeys key = ApiKeys.forId(quireRange.apiKey());
            ApiVersion kafkaRange = kafkaVersions.apiKeys().find(quireRange.apiKey());
            assertThat(kafkaRange).as("Kafka serves %s", key).isNotNull();
            assertThat(quireRange).as("versions of %s", key).isEqualTo(kafkaRange);
            assertThat(List.of(quireRange.minVersion(), quireRange.maxVersion())).as("versions of %s", key)
                    .containsExactly(key.oldestVersion(), key.latestVersion());
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
            target.createTopic(topic, 3, Map.of());
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
            target.createTopic(topic, 2, Map.of());
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
    void describeClusterNamesThisNodeWithItsRackAsTheOnlyBrokerAndAsController() throws Exception {
        List<Object> cluster = same(target -> {
            DescribeClusterResult result = target.admin().describeCluster();
            Node node = result.nodes().get().iterator().next();
            return List.of(result.nodes().get().size(), node.id() == target.nodeId(), node.host(),
                    node.port() == target.port(), node.rack(), result.controller().get().equals(node),
                    !result.clusterId().get().isEmpty());
        });
        assertThat(cluster).containsExactly(1, true, "127.0.0.1", true, KafkaBroker.RACK, true, true);
    }

    @Test
    void createTopicsWithAnInvalidConfigFailsWithInvalidConfig() throws Exception {
        List<Outcome> outcomes = same(target -> List.of(
                createOutcome(target, new NewTopic(topicName("bad-key"), 1, (short) 1).configs(Map.of("no.such.config", "1"))),
                createOutcome(target, new NewTopic(topicName("bad-value"), 1, (short) 1).configs(Map.of("retention.ms", "soon")))));
        assertThat(outcomes).containsOnly(Outcome.failure(InvalidConfigurationException.class));
    }

    @Test
    void createPartitionsIncreasesThePartitionCount() throws Exception {
        String topic = topicName("grown");
        List<Object> outcome = same(target -> {
            target.createTopic(topic, 1, Map.of());
            Outcome grown = Outcome.of(() -> target.admin().createPartitions(Map.of(topic, NewPartitions.increaseTo(3))).all().get());
            return List.of(grown, grown.error() == null ? partitionCount(target, topic, 3) : partitionCount(target, topic));
        });
        assertThat(outcome).containsExactly(Outcome.success(null), 3);
    }

    @Test
    void createPartitionsValidateOnlyChangesNothing() throws Exception {
        String topic = topicName("grown-in-theory");
        List<Object> outcome = same(target -> {
            target.createTopic(topic, 1, Map.of());
            Outcome validated = Outcome.of(() -> target.admin().createPartitions(Map.of(topic, NewPartitions.increaseTo(5)),
                    new CreatePartitionsOptions().validateOnly(true)).all().get());
            return List.of(validated, partitionCount(target, topic, 1));
        });
        assertThat(outcome).containsExactly(Outcome.success(null), 1);
    }

    @Test
    void createPartitionsThatDoesNotIncreaseFailsWithInvalidPartitions() throws Exception {
        String topic = topicName("not-grown");
        List<Outcome> outcomes = same(target -> {
            target.createTopic(topic, 3, Map.of());
            return List.of(
                    Outcome.of(() -> target.admin().createPartitions(Map.of(topic, NewPartitions.increaseTo(3))).all().get()),
                    Outcome.of(() -> target.admin().createPartitions(Map.of(topic, NewPartitions.increaseTo(2))).all().get()));
        });
        assertThat(outcomes).containsOnly(Outcome.failure(InvalidPartitionsException.class));
    }

    @Test
    void createPartitionsOfAnUnknownTopicFailsWithUnknownTopicOrPartition() throws Exception {
        String topic = topicName("never-created");
        Outcome outcome = same(target -> Outcome.of(() ->
                target.admin().createPartitions(Map.of(topic, NewPartitions.increaseTo(2))).all().get()));
        assertThat(outcome).isEqualTo(Outcome.failure(UnknownTopicOrPartitionException.class));
    }

    @Test
    void describeConfigsShowsAnOverrideAsADynamicTopicConfigAndTheDefaultsAsDefaults() throws Exception {
        String topic = topicName("configured");
        List<Object> described = same(target -> {
            target.createTopic(topic, 1, Map.of("retention.ms", "1000"));
            Config config = describeConfig(target, topic);
            return List.of(entry(config.get("retention.ms")), entry(config.get("cleanup.policy")));
        });
        assertThat(described).containsExactly(
                "retention.ms=1000 DYNAMIC_TOPIC_CONFIG default=false",
                "cleanup.policy=delete DEFAULT_CONFIG default=true");
    }

    @Test
    void describeConfigsOfAnUnknownTopicFailsWithUnknownTopicOrPartition() throws Exception {
        String topic = topicName("never-created");
        Outcome outcome = same(target -> Outcome.of(() -> describeConfig(target, topic)));
        assertThat(outcome).isEqualTo(Outcome.failure(UnknownTopicOrPartitionException.class));
    }

    @Test
    void describeConfigsOfTheBrokerReportsItsStaticConfigsAndKafkasDefaults() throws Exception {
        // The broker resource is named by the broker's id, which differs between the two targets.
        List<String> described = same(target -> {
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(target.nodeId()));
            Config config = target.admin().describeConfigs(List.of(broker)).all().get().get(broker);
            return List.of(entry(config.get("auto.create.topics.enable")), entry(config.get("log.cleanup.policy")),
                    entry(config.get("log.segment.bytes")));
        });
        assertThat(described).containsExactly(
                "auto.create.topics.enable=false STATIC_BROKER_CONFIG default=false",
                "log.cleanup.policy=delete DEFAULT_CONFIG default=true",
                "log.segment.bytes=1073741824 DEFAULT_CONFIG default=true");
    }

    @Test
    void incrementalAlterConfigsSetsAndDeletesATopicConfig() throws Exception {
        String topic = topicName("altered");
        List<Object> outcome = same(target -> {
            target.createTopic(topic, 1, Map.of());
            Outcome set = alter(target, topic, new AlterConfigOp(new ConfigEntry("retention.ms", "2000"), AlterConfigOp.OpType.SET));
            String afterSet = entry(onceApplied(target, topic, "retention.ms", e -> "2000".equals(e.value())));
            Outcome deleted = alter(target, topic, new AlterConfigOp(new ConfigEntry("retention.ms", ""), AlterConfigOp.OpType.DELETE));
            String afterDelete = entry(onceApplied(target, topic, "retention.ms", e -> !"2000".equals(e.value())));
            return List.of(set, afterSet, deleted, afterDelete);
        });
        assertThat(outcome).containsExactly(Outcome.success(null), "retention.ms=2000 DYNAMIC_TOPIC_CONFIG default=false",
                Outcome.success(null), "retention.ms=604800000 DEFAULT_CONFIG default=true");
    }

    @Test
    void incrementalAlterConfigsOfAnUnknownKeyOrABadValueFailsWithInvalidConfig() throws Exception {
        String topic = topicName("misconfigured");
        List<Outcome> outcomes = same(target -> {
            target.createTopic(topic, 1, Map.of());
            return List.of(
                    alter(target, topic, new AlterConfigOp(new ConfigEntry("no.such.config", "1"), AlterConfigOp.OpType.SET)),
                    alter(target, topic, new AlterConfigOp(new ConfigEntry("retention.ms", "soon"), AlterConfigOp.OpType.SET)),
                    alter(target, topic, new AlterConfigOp(new ConfigEntry("cleanup.policy", "sometimes"), AlterConfigOp.OpType.SET)));
        });
        assertThat(outcomes).containsOnly(Outcome.failure(InvalidConfigurationException.class));
    }

    @Test
    void incrementalAlterConfigsOfAnUnknownTopicFailsWithUnknownTopicOrPartition() throws Exception {
        String topic = topicName("never-created");
        Outcome outcome = same(target -> alter(target, topic,
                new AlterConfigOp(new ConfigEntry("retention.ms", "2000"), AlterConfigOp.OpType.SET)));
        assertThat(outcome).isEqualTo(Outcome.failure(UnknownTopicOrPartitionException.class));
    }

    @Test
    void alterConfigsReplacesTheTopicsWholeConfig() throws Exception {
        // The AdminClient of Kafka 4 no longer sends AlterConfigs, but older clients and tools
        // still do: sent raw here.
        String topic = topicName("replaced");
        List<Object> outcome = same(target -> {
            target.createTopic(topic, 1, Map.of("retention.ms", "1000"));
            Errors error = alterConfigs(target, topic, Map.of("cleanup.policy", "compact"));
            onceApplied(target, topic, "cleanup.policy", e -> "compact".equals(e.value()));
            Config config = describeConfig(target, topic);
            return List.of(error, entry(config.get("cleanup.policy")), entry(config.get("retention.ms")));
        });
        assertThat(outcome).containsExactly(Errors.NONE, "cleanup.policy=compact DYNAMIC_TOPIC_CONFIG default=false",
                "retention.ms=604800000 DEFAULT_CONFIG default=true");
    }

    @Test
    void alterConfigsOfAnUnknownKeyOrTopicFails() throws Exception {
        String topic = topicName("replaced-badly");
        String absent = topicName("never-created");
        List<Errors> errors = same(target -> {
            target.createTopic(topic, 1, Map.of());
            return List.of(alterConfigs(target, topic, Map.of("no.such.config", "1")),
                    alterConfigs(target, absent, Map.of("retention.ms", "1000")));
        });
        assertThat(errors).containsExactly(Errors.INVALID_CONFIG, Errors.UNKNOWN_TOPIC_OR_PARTITION);
    }

    @Test
    void describeTopicPartitionsDescribesEveryPartitionAndRefusesAnUnknownTopic() throws Exception {
        String topic = topicName("partitioned");
        String absent = topicName("never-created");
        List<String> described = same(target -> {
            target.createTopic(topic, 3, Map.of());
            DescribeTopicPartitionsRequestData request = new DescribeTopicPartitionsRequestData()
                    .setResponsePartitionLimit(2000)
                    .setTopics(List.of(new TopicRequest().setName(topic), new TopicRequest().setName(absent)));
            DescribeTopicPartitionsResponseData response;
            try (Wire wire = target.connect()) {
                response = wire.call(request, ApiKeys.DESCRIBE_TOPIC_PARTITIONS.latestVersion(),
                        DescribeTopicPartitionsResponseData.class);
            }
            DescribeTopicPartitionsResponseTopic found = response.topics().find(topic);
            DescribeTopicPartitionsResponseTopic missing = response.topics().find(absent);
            return List.of(Errors.forCode(found.errorCode()) + " " + found.partitions().stream()
                            .map(p -> p.partitionIndex() + ":" + (p.leaderId() == target.nodeId())).sorted().toList(),
                    String.valueOf(Errors.forCode(missing.errorCode())));
        });
        assertThat(described).containsExactly("NONE [0:true, 1:true, 2:true]", "UNKNOWN_TOPIC_OR_PARTITION");
    }

    private static Outcome createOutcome(Target target, NewTopic topic) throws Exception {
        return Outcome.of(() -> target.admin().createTopics(List.of(topic)).all().get());
    }

    /** The partition count, once it is the one expected: Kafka's broker learns of a change a moment after it is made. */
    private static int partitionCount(Target target, String topic, int expected) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> partitionCount(target, topic), count -> count == expected);
    }

    private static int partitionCount(Target target, String topic) throws Exception {
        return target.admin().describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
    }

    /**
     * The topic's config entry once a change shows in it. Kafka's broker applies a config change a
     * moment after its controller answered (the change reaches it through the metadata log), so a
     * describe straight after the alteration may still show the old value there.
     */
    private static ConfigEntry onceApplied(Target target, String topic, String key, Predicate<ConfigEntry> applied) {
        return await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> describeConfig(target, topic).get(key), applied);
    }

    private static Config describeConfig(Target target, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return target.admin().describeConfigs(List.of(resource)).all().get().get(resource);
    }

    private static Outcome alter(Target target, String topic, AlterConfigOp op) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return Outcome.of(() -> target.admin().incrementalAlterConfigs(Map.of(resource, List.of(op))).all().get());
    }

    private static Errors alterConfigs(Target target, String topic, Map<String, String> configs) throws Exception {
        AlterConfigsResource resource = new AlterConfigsResource()
                .setResourceType(ConfigResource.Type.TOPIC.id())
                .setResourceName(topic);
        configs.forEach((name, value) -> resource.configs().add(new AlterableConfig().setName(name).setValue(value)));
        AlterConfigsRequestData request = new AlterConfigsRequestData();
        request.resources().add(resource);
        try (Wire wire = target.connect()) {
            return Errors.forCode(wire.call(request, ApiKeys.ALTER_CONFIGS.latestVersion(), AlterConfigsResponseData.class)
                    .responses().get(0).errorCode());
        }
    }

    private static String entry(ConfigEntry entry) {
        return entry.name() + "=" + entry.value() + " " + entry.source() + " default=" + entry.isDefault();
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
