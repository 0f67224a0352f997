package io.quire.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher on the module path, as {@code bin/quire} runs it, finds plugins that are modules
 * and plugins whose jar lies on the class path.
 */
class PluginLoadingIT {

    @TempDir
    Path dir;

    @Test
    void builtInPluginsLoadAsNamedModules() throws Exception {
        try (NodeProcess node = NodeProcess.start(dir.resolve("node.log"), "data.dir=" + dir.resolve("data"))) {
            assertThat(node.log())
                    .contains("Plugin plugins.wal = file io.quire.wal.file.FileWalProvider [module io.quire.wal.file]")
                    .contains("Plugin plugins.consensus = static io.quire.consensus.staticleader.StaticConsensusProvider"
                            + " [module io.quire.consensus.staticleader]")
                    .contains("Plugin plugins.state-machine = kafka-metadata"
                            + " io.quire.statemachine.kafka.KafkaMetadataStateMachineProvider"
                            + " [module io.quire.statemachine.kafka]");
        }
    }

    @Test
    void pluginJarOnTheClassPathIsFoundAndRuns() throws Exception {
        List<Path> walJar = NodeProcess.Layout.libJars().stream()
                .filter(jar -> jar.getFileName().toString().startsWith("quire-wal-file-"))
                .toList();
        assertThat(walJar).hasSize(1);
        List<Path> modulePath = NodeProcess.Layout.modulePath().stream().filter(jar -> !walJar.contains(jar)).toList();

        try (NodeProcess node = NodeProcess.start(dir.resolve("node.log"), modulePath, walJar,
                "data.dir=" + dir.resolve("data"));
                Admin admin = TestNodes.admin(node.kafkaPort())) {
            assertThat(node.log()).containsPattern(
                    "Plugin plugins.wal = file io.quire.wal.file.FileWalProvider \\[class path: .*quire-wal-file-.*\\.jar]");
            admin.createTopics(List.of(new NewTopic("from-class-path-wal", 2, (short) 1))).all().get();
            assertThat(admin.listTopics().names().get()).contains("from-class-path-wal");
        }
    }

    @Test
    void mapdbWalRunsOnTheModulePath() throws Exception {
        try (NodeProcess node = NodeProcess.start(dir.resolve("node.log"), "data.dir=" + dir.resolve("data"),
                "plugins.wal=mapdb");
                Admin admin = TestNodes.admin(node.kafkaPort())) {
            assertThat(node.log()).contains("Plugin plugins.wal = mapdb io.quire.wal.mapdb.MapDbWalProvider [module ");
            admin.createTopics(List.of(new NewTopic("on-mapdb", 1, (short) 1))).all().get();
            assertThat(admin.listTopics().names().get()).contains("on-mapdb");
        }
    }

    @Test
    void badConfigExitsWithStatusTwoAndNamesTheKey() throws Exception {
        Path log = dir.resolve("bad-type.log");
        assertThat(NodeProcess.runToExit(log, "data.dir=" + dir.resolve("data"), "kafka.port=not-a-port")).isEqualTo(2);
        assertThat(NodeProcess.read(log)).contains("invalid configuration").contains("'kafka.port'");

        Path unknownPlugin = dir.resolve("unknown-plugin.log");
        assertThat(NodeProcess.runToExit(unknownPlugin, "data.dir=" + dir.resolve("data"), "plugins.wal=nope"))
                .isEqualTo(2);
        assertThat(NodeProcess.read(unknownPlugin)).contains("Unknown wal plugin 'nope' (plugins.wal)")
                .contains("Available: none (no wal), file (");

        Path noLog = dir.resolve("no-log.log");
        assertThat(NodeProcess.runToExit(noLog, "data.dir=" + dir.resolve("data"), "plugins.wal=none")).isEqualTo(2);
        assertThat(NodeProcess.read(noLog)).contains("plugins.wal=none makes the consensus log the metadata log")
                .contains("choose plugins.consensus=ratis");

        Path twoStreams = dir.resolve("two-streams.log");
        assertThat(NodeProcess.runToExit(twoStreams, "data.dir=" + dir.resolve("data"), "plugins.wal=none",
                "plugins.replication=tcp")).isEqualTo(2);
        assertThat(NodeProcess.read(twoStreams)).contains("set plugins.replication=none");
    }
}
