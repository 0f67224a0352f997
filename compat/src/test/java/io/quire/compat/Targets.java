package io.quire.compat;

import io.quire.launcher.config.NodeConfig;
import io.quire.launcher.config.RawConfig;
import io.quire.launcher.plugins.PluginRegistry;
import io.quire.launcher.wiring.RunningNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The two systems every scenario runs against: a real Apache Kafka 4.4 broker (KRaft, one combined
 * broker+controller) and a Quire node started through the launcher, both in this JVM. Started once
 * for the whole run of this module, since a Kafka broker takes seconds.
 */
final class Targets implements AutoCloseable {

    /** Quire's node id: not Kafka's, so that a test cannot pass by confusing the two. */
    static final int QUIRE_NODE_ID = 7;

    private final Path dataDir;
    private final KafkaBroker kafkaBroker;
    private final RunningNode quireNode;
    private final Target kafka;
    private final Target quire;

    private Targets(Path dataDir, KafkaBroker kafkaBroker, RunningNode quireNode) {
        this.dataDir = dataDir;
        this.kafkaBroker = kafkaBroker;
        this.quireNode = quireNode;
        this.kafka = new Target("Kafka 4.4", KafkaBroker.NODE_ID, kafkaBroker.port());
        this.quire = new Target("Quire", QUIRE_NODE_ID, quireNode.kafkaPort());
    }

    static Targets start() {
        Path dataDir = null;
        KafkaBroker kafkaBroker = null;
        try {
            dataDir = Files.createTempDirectory("quire-compat");
            kafkaBroker = KafkaBroker.start(Files.createDirectory(dataDir.resolve("kafka")));
            RunningNode quireNode = RunningNode.start(NodeConfig.resolve(
                    RawConfig.empty().withOverrides(List.of(
                            "node.id=" + QUIRE_NODE_ID,
                            "kafka.host=127.0.0.1",
                            "kafka.port=0",
                            "http.port=0",
                            "kafka.rack=" + KafkaBroker.RACK,
                            "data.dir=" + dataDir.resolve("quire"))),
                    PluginRegistry.discover(Targets.class.getClassLoader())));
            return new Targets(dataDir, kafkaBroker, quireNode);
        } catch (Exception e) {
            if (kafkaBroker != null) {
                kafkaBroker.close();
            }
            deleteRecursively(dataDir);
            throw new IllegalStateException("cannot start the compatibility targets", e);
        }
    }

    Target kafka() {
        return kafka;
    }

    Target quire() {
        return quire;
    }

    @Override
    public void close() {
        kafka.close();
        quire.close();
        quireNode.close();
        kafkaBroker.close();
        deleteRecursively(dataDir);
    }

    static void deleteRecursively(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
