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

/** One system under comparison, as a Kafka client sees it: a bootstrap address and a node id. */
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
    private Admin admin;

    Target(String name, int nodeId, int port) {
        this.name = name;
        this.nodeId = nodeId;
        this.port = port;
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
     * Creates a topic of replication factor 1 with these config overrides and waits until this
     * target's metadata lists it, so that the scenario's next read finds it.
     */
    void createTopic(String topic, int partitions, Map<String, String> configs)
            throws InterruptedException, ExecutionException {
        admin().createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs))).all().get();
        awaitTopics(List.of(topic));
    }

    /** Waits until this target's metadata lists every one of these topics. */
    void awaitTopics(Collection<String> topics) {
        await().atMost(METADATA_PROPAGATION).until(() -> listTopics().containsAll(topics));
    }

    /** Waits until this target's metadata lists none of these topics. */
    void awaitNoTopics(Collection<String> topics) {
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

    @Override
    public String toString() {
        return name;
    }
}
