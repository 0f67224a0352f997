package io.quire.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.quire.launcher.wiring.RunningNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Kafka AdminClient against one node started through the launcher, with its metadata WAL;
 * a subclass runs the same suite without one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminClientTopicsTest {

    private RunningNode node;
    private Admin admin;

    /** The settings of the node under test. */
    String[] nodeSettings() {
        return new String[] {"node.id=7"};
    }

    @BeforeAll
    void startNode(@TempDir Path dataDir) throws Exception {
        node = TestNodes.start(dataDir, nodeSettings());
        admin = TestNodes.admin(node.kafkaPort());
        // The node registers itself as a broker once a leader takes its write.
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.describeCluster().nodes().get().size() == 1);
    }

    @AfterAll
    void stopNode() {
        admin.close();
        node.close();
    }

    @Test
    void createsListsDescribesAndDeletesHundredTopics() throws Exception {
        List<NewTopic> topics = IntStream.range(0, 100)
                .mapToObj(i -> new NewTopic("lifecycle-" + i, 1 + i % 7, (short) 1))
                .toList();
        admin.createTopics(topics).all().get();

        Set<String> names = topics.stream().map(NewTopic::name).collect(Collectors.toSet());
        assertThat(admin.listTopics().names().get()).containsAll(names);

        Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get();
        for (NewTopic topic : topics) {
            TopicDescription description = described.get(topic.name());
            assertThat(description.partitions()).hasSize(topic.numPartitions());
            assertThat(description.topicId()).isNotEqualTo(Uuid.ZERO_UUID);
            description.partitions().forEach(partition -> {
                assertThat(partition.leader().id()).isEqualTo(7);
                assertThat(partition.replicas()).extracting(n -> n.id()).containsExactly(7);
                assertThat(partition.isr()).extracting(n -> n.id()).containsExactly(7);
            });
        }
        assertThat(described.values().stream().map(TopicDescription::topicId).distinct()).hasSize(100);

        admin.deleteTopics(names).all().get();
        assertThat(admin.listTopics().names().get()).doesNotContainAnyElementsOf(names);
    }

    @Test
    void duplicateCreateFailsWithTopicExists() throws Exception {
        admin.createTopics(List.of(new NewTopic("twice", 2, (short) 1))).all().get();
        assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("twice", 2, (short) 1))).all().get())
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TopicExistsException.class);
    }

    @Test
    void invalidNamesFailWithInvalidTopic() throws Exception {
        admin.createTopics(List.of(new NewTopic("dotted.name", 1, (short) 1))).all().get();
        List<String> invalid = List.of("", ".", "..", "a".repeat(250), "has space", "bad/slash", "ü", "dotted_name");
        for (String name : invalid) {
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get())
                    .as("topic name '%s'", name)
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(InvalidTopicException.class);
        }
        String longest = "b".repeat(249);
        admin.createTopics(List.of(new NewTopic(longest, 1, (short) 1))).all().get();
        assertThat(admin.listTopics().names().get()).contains(longest, "dotted.name").doesNotContain("dotted_name");
    }

    @Test
    void oneBadTopicDoesNotFailTheOthersInABatch() throws Exception {
        CreateTopicsResult result = admin.createTopics(List.of(
                new NewTopic("batch-good", 3, (short) 1),
                new NewTopic("batch bad", 1, (short) 1),
                new NewTopic("batch-zero-partitions", 0, (short) 1),
                new NewTopic("batch-rf-too-high", 1, (short) 3)));
        result.values().get("batch-good").get();
        assertThat(result.numPartitions("batch-good").get()).isEqualTo(3);
        assertThatThrownBy(() -> result.values().get("batch bad").get()).hasCauseInstanceOf(InvalidTopicException.class);
        assertThatThrownBy(() -> result.values().get("batch-zero-partitions").get())
                .hasCauseInstanceOf(InvalidPartitionsException.class);
        assertThatThrownBy(() -> result.values().get("batch-rf-too-high").get())
                .hasCauseInstanceOf(InvalidReplicationFactorException.class);
    }

    @Test
    void defaultsExplicitAssignmentsConfigsAndValidateOnly() throws Exception {
        NewTopic defaults = new NewTopic("defaults", java.util.Optional.empty(), java.util.Optional.empty());
        NewTopic assigned = new NewTopic("assigned", Map.of(0, List.of(7), 1, List.of(7)));
        NewTopic configured = new NewTopic("configured", 1, (short) 1).configs(Map.of("retention.ms", "1000"));
        CreateTopicsResult created = admin.createTopics(List.of(defaults, assigned, configured));
        created.all().get();
        assertThat(created.numPartitions("defaults").get()).isEqualTo(1);
        assertThat(created.replicationFactor("defaults").get()).isEqualTo(1);
        assertThat(created.numPartitions("assigned").get()).isEqualTo(2);
        assertThat(created.config("configured").get().get("retention.ms").value()).isEqualTo("1000");

        CreateTopicsResult validated = admin.createTopics(List.of(new NewTopic("only-validated", 4, (short) 1)),
                new CreateTopicsOptions().validateOnly(true));
        validated.all().get();
        assertThat(validated.numPartitions("only-validated").get()).isEqualTo(4);
        assertThat(admin.listTopics().names().get()).contains("defaults", "assigned", "configured")
                .doesNotContain("only-validated");

        assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("unknown-broker", Map.of(0, List.of(99)))))
                .all().get()).isInstanceOf(ExecutionException.class);
    }

    @Test
    void deletingAnUnknownTopicFails() {
        assertThatThrownBy(() -> admin.deleteTopics(List.of("never-created")).all().get())
                .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void describeClusterNamesThisNodeAsBrokerAndController() throws Exception {
        DescribeClusterResult cluster = admin.describeCluster();
        assertThat(cluster.clusterId().get()).isEqualTo("quire");
        assertThat(cluster.controller().get().id()).isEqualTo(7);
        assertThat(cluster.nodes().get()).singleElement().satisfies(n -> {
            assertThat(n.id()).isEqualTo(7);
            assertThat(n.host()).isEqualTo("127.0.0.1");
            assertThat(n.port()).isEqualTo(node.kafkaPort());
        });
    }

    @Test
    void concurrentCreatesAllSucceedAndShareTheLog() throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            topics.add(new NewTopic("concurrent-" + i, 1, (short) 1));
        }
        List<CreateTopicsResult> results = topics.stream().map(t -> admin.createTopics(List.of(t))).toList();
        for (CreateTopicsResult result : results) {
            result.all().get();
        }
        assertThat(admin.listTopics().names().get()).containsAll(topics.stream().map(NewTopic::name).toList());
    }

    @Test
    void growsATopicAndRefusesAShrinkWithInvalidPartitions() throws Exception {
        admin.createTopics(List.of(new NewTopic("admin-grown", 1, (short) 1))).all().get();

        admin.createPartitions(Map.of("admin-grown", NewPartitions.increaseTo(4))).all().get();

        assertThat(admin.describeTopics(List.of("admin-grown")).allTopicNames().get().get("admin-grown").partitions())
                .hasSize(4);
        assertThatThrownBy(() -> admin.createPartitions(Map.of("admin-grown", NewPartitions.increaseTo(2))).all().get())
                .hasCauseInstanceOf(InvalidPartitionsException.class);
    }

    @Test
    void describesAndAltersTopicConfigsAndRefusesABadValueWithInvalidConfig() throws Exception {
        admin.createTopics(List.of(new NewTopic("admin-configured", 1, (short) 1))).all().get();
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "admin-configured");

        admin.incrementalAlterConfigs(Map.of(resource, List.of(
                new AlterConfigOp(new ConfigEntry("retention.ms", "1000"), AlterConfigOp.OpType.SET)))).all().get();

        Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        assertThat(config.get("retention.ms").value()).isEqualTo("1000");
        assertThat(config.get("retention.ms").source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
        assertThat(config.get("cleanup.policy").value()).isEqualTo("delete");
        assertThat(config.get("cleanup.policy").source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
        assertThatThrownBy(() -> admin.incrementalAlterConfigs(Map.of(resource, List.of(
                new AlterConfigOp(new ConfigEntry("retention.ms", "soon"), AlterConfigOp.OpType.SET)))).all().get())
                .hasCauseInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("admin-bad-config", 1, (short) 1)
                .configs(Map.of("cleanup.policy", "sometimes")))).all().get())
                .hasCauseInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void deletesATopicByItsId() throws Exception {
        CreateTopicsResult created = admin.createTopics(List.of(new NewTopic("admin-by-id", 1, (short) 1)));
        Uuid id = created.topicId("admin-by-id").get();

        admin.deleteTopics(TopicCollection.ofTopicIds(List.of(id))).all().get();

        assertThat(admin.listTopics().names().get()).doesNotContain("admin-by-id");
    }
}
