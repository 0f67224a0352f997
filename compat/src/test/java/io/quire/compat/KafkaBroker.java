package io.quire.compat;

import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Apache Kafka 4.4 broker in this JVM: one KRaft node that is broker and controller at
 * once, formatted like {@code kafka-storage format} does, listening on 127.0.0.1 only, with the
 * settings of a production broker (no unreleased API or feature versions).
 */
final class KafkaBroker implements AutoCloseable {

    static final int NODE_ID = 1;
    /** Both targets' broker is in this rack, so that clients see a rack from each. */
    static final String RACK = "compat-rack";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final KafkaRaftServer server;
    private final int port;

    private KafkaBroker(KafkaRaftServer server, int port) {
        this.server = server;
        this.port = port;
    }

    static KafkaBroker start(Path dir) throws Exception {
        // The controller's port must be known before start (the quorum's voters name it), and
        // KafkaRaftServer does not tell which port it bound for 0: both are chosen here.
        List<Integer> ports = LoopbackPorts.free(2);
        int port = ports.get(0);
        int controllerPort = ports.get(1);
        String logDir = dir.resolve("log").toString();
        Map<String, Object> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir);
        props.put("broker.rack", RACK);
        // One broker: Kafka's internal topics must fit on it, as in its own single-node quickstart.
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        // Quire never creates a topic because a client asked for its metadata.
        props.put("auto.create.topics.enable", "false");
        props.put("group.initial.rebalance.delay.ms", "0");
        KafkaConfig config = new KafkaConfig(props, false);

        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setClusterId(Uuid.randomUuid().toString())
                .setNodeId(NODE_ID)
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setMetadataLogDirectory(logDir)
                .setDirectories(List.of(logDir))
                .setReleaseVersion(MetadataVersion.latestProduction())
                .setUnstableFeatureVersionsEnabled(false)
                .run();

        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        KafkaBroker broker = new KafkaBroker(server, port);
        try {
            server.startup();
            broker.awaitReady();
        } catch (RuntimeException | Error e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /** The broker answers clients once it has registered with its controller and caught up. */
    private void awaitReady() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port);
        try (Admin admin = Admin.create(props)) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> admin.describeCluster().nodes().get().size() == 1);
        }
    }

    int port() {
        return port;
    }


    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
