package io.quire.compat;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * One system under comparison, as a Kafka client sees it: a bootstrap address and a node id. A
 * single broker (Kafka's, or a Quire node), or one node of a Quire cluster that a client bootstraps
 * through.
 */
final class Target implements AutoCloseable {

    /**
     * Kafka answers CreateTopics once its controller committed the topic and DeleteTopics likewise,
     * while its broker's metadata, which Metadata and DescribeTopicPartitions read, follows a moment
     * later. A scenario that reads right after it writes waits this long at most for that.
     */
    private static final Duration METADATA_PROPAGATION = Duration.ofSeconds(15);

    private final String name;
    private final int nodeId;
    private final int port;
    /** The cluster this node belongs to; null for a single broker. */
    private final QuireCluster cluster;
    private Admin admin;

    /** A single broker. */
    Target(String name, int nodeId, int port) {
        this(name, nodeId, port, null);
    }

    /** Node {@code nodeId} of {@code cluster}. */
    Target(String name, int nodeId, int port, QuireCluster cluster) {
        this.name = name;
        this.nodeId = nodeId;
        this.port = port;
        this.cluster = cluster;
    }

    int nodeId() {
        return nodeId;
    }

    int port() {
        return port;
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** The ids of the brokers of this target's cluster, in order: this one alone for a single broker. */
    List<Integer> brokerIds() {
        return cluster == null ? List.of(nodeId) : cluster.brokerIds();
    }

    /** One replica on every broker: the replication factor the scenarios create their topics with. */
    int replicationFactor() {
        return brokerIds().size();
    }

    /**
     * Every node a client can bootstrap through to reach this target's data: this one alone for a
     * single broker, each node of the cluster (this one included) otherwise.
     */
    List<Target> everyNode() {
        return cluster == null ? List.of(this) : cluster.nodes();
    }

    /**
     * Waits until a write this target answered has reached every node: at once for a single
     * broker, while the other nodes of a cluster receive it in the background.
     */
    void awaitReplicated() {
        if (cluster != null) {
            cluster.awaitReplicated();
        }
    }

    /** An AdminClient shared by the scenarios, created on first use. */
    synchronized Admin admin() {
        if (admin == null) {
            Properties props = new Properties();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
            admin = Admin.create(props);
        }
        return admin;
    }

    Wire connect() throws IOException {
        return Wire.connect(port);
    }

    /**
     * Creates a topic with a replica on every broker and these config overrides, and waits until
     * the metadata of every node lists it, so that the scenario's next read finds it.
     */
    void createTopic(String topic, int partitions, Map<String, String> configs)
            throws InterruptedException, ExecutionException {
        admin().createTopics(List.of(new NewTopic(topic, partitions, (short) replicationFactor()).configs(configs)))
                .all().get();
        awaitTopics(List.of(topic));
    }

    /** Waits until the metadata of every node lists every one of these topics. */
    void awaitTopics(Collection<String> topics) {
        awaitReplicated();
        await().atMost(METADATA_PROPAGATION).until(() -> listTopics().containsAll(topics));
    }

    /** Waits until the metadata of every node lists none of these topics. */
    void awaitNoTopics(Collection<String> topics) {
        awaitReplicated();
        await().atMost(METADATA_PROPAGATION).until(() -> topics.stream().noneMatch(listTopics()::contains));
    }

    private Set<String> listTopics() throws Exception {
        return admin().listTopics().names().get();
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }

    /** The name, and for a cluster's node its role now, which may change with an election. */
    @Override
    public String toString() {
        if (cluster == null) {
            return name;
        }
        return name + (cluster.leadershipSeenBy(nodeId).isLocalLeader() ? " (leader)" : " (follower)");
    }
}
