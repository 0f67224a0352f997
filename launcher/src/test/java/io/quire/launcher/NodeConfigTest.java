package io.quire.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quire.launcher.config.NodeConfig;
import io.quire.launcher.config.NodeKeys;
import io.quire.launcher.config.RawConfig;
import io.quire.launcher.plugins.PluginKind;
import io.quire.launcher.plugins.PluginRegistry;
import io.quire.spi.plugin.ConfigException;
import io.quire.spi.plugin.ConfigKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Config files, overrides and their validation against the node's and the plugins' keys. */
class NodeConfigTest {

    private static final PluginRegistry PLUGINS = PluginRegistry.discover(NodeConfigTest.class.getClassLoader());

    @TempDir
    Path dir;

    @Test
    void defaultsSelectTheBuiltInPlugins() {
        NodeConfig config = NodeConfig.resolve(RawConfig.empty(), PLUGINS);
        assertThat(config.nodeId()).isEqualTo(1);
        assertThat(config.get(NodeKeys.KAFKA_PORT)).isEqualTo(9092);
        assertThat(config.plugin(PluginKind.WAL)).get().extracting(p -> p.name()).isEqualTo("file");
        assertThat(config.plugin(PluginKind.CONSENSUS)).get().extracting(p -> p.name()).isEqualTo("static");
        assertThat(config.plugin(PluginKind.STATE_MACHINE)).get().extracting(p -> p.name()).isEqualTo("kafka-metadata");
        assertThat(config.plugin(PluginKind.REPLICATION)).isEmpty();
    }

    @Test
    void nestedYamlIsFlattenedAndSetOverridesIt() throws IOException {
        Path file = write("""
                node:
                  id: 3
                kafka.port: 19092
                wal:
                  file:
                    segment-bytes: 1048576
                consensus.static.leader: 3
                """);
        NodeConfig config = NodeConfig.resolve(RawConfig.fromYaml(file).withOverrides(List.of("kafka.port=29092")), PLUGINS);
        assertThat(config.nodeId()).isEqualTo(3);
        assertThat(config.get(NodeKeys.KAFKA_PORT)).isEqualTo(29092);
        ConfigKey<Long> segmentBytes = ConfigKey.ofLong("segment-bytes", 0L, "test view of the file WAL's key");
        assertThat(config.settings(PluginKind.WAL, "file").get(segmentBytes)).isEqualTo(1_048_576L);
    }

    @Test
    void clusterMembersGivesThisNodesKafkaPortUnlessKafkaPortIsSet() {
        String members = "cluster.members=1=127.0.0.1:19092,2=127.0.0.1:19093";
        NodeConfig config = resolve("node.id=2", members);
        assertThat(config.clusterMembers()).containsOnlyKeys(1, 2);
        assertThat(config.kafkaPort()).isEqualTo(19093);
        assertThat(resolve("node.id=2", members, "kafka.port=0").kafkaPort()).isZero();
        assertThat(resolve().kafkaPort()).isEqualTo(9092);
        assertThat(resolve().clusterMembers()).isEmpty();
    }

    @Test
    void clusterMembersGivesThisNodesHttpPortAsBinQuireClusterLaysItOutUnlessHttpPortIsSet() {
        String members = "cluster.members=1=127.0.0.1:19092,2=127.0.0.1:19093";
        assertThat(resolve("node.id=2", members).httpPort()).isEqualTo(19093 + 599);
        assertThat(resolve("node.id=2", members, "http.port=0").httpPort()).isZero();
        assertThat(resolve().httpPort()).isEqualTo(9691);
    }

    @Test
    void aClusterMembersListThatDoesNotParseOrLacksThisNodeIsRefused() {
        assertThatThrownBy(() -> resolve("cluster.members=1=127.0.0.1"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Config key 'cluster.members' expects id=host:port");
        assertThatThrownBy(() -> resolve("node.id=3", "cluster.members=1=127.0.0.1:9092,2=127.0.0.1:9093"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Config key 'cluster.members' must list this node (node.id 3), got ids [1, 2]");
    }

    @Test
    void theClusterSecretIsTakenFromTheEnvironmentItRefersTo() {
        RawConfig raw = RawConfig.empty().withOverrides(List.of("cluster.secret=${env:TEST_CLUSTER_SECRET}"));
        assertThat(NodeConfig.resolve(raw, PLUGINS, Map.of("TEST_CLUSTER_SECRET", "one secret for the cluster"))
                .clusterSecret()).contains("one secret for the cluster");
        assertThatThrownBy(() -> NodeConfig.resolve(raw, PLUGINS, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'cluster.secret' refers to the environment variable TEST_CLUSTER_SECRET");
        assertThat(resolve().clusterSecret()).isEmpty();
    }

    @Test
    void unknownKeyIsNamed() {
        assertThatThrownBy(() -> resolve("kafka.prot=9092"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Unknown config key 'kafka.prot'")
                .hasMessageContaining("kafka.port");
    }

    @Test
    void wrongTypeIsNamed() {
        assertThatThrownBy(() -> resolve("node.id=one"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'node.id'")
                .hasMessageContaining("integer");
        assertThatThrownBy(() -> resolve("kafka.port=70000"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'kafka.port'");
        assertThatThrownBy(() -> resolve("wal.file.segment-bytes=12"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'wal.file.segment-bytes'");
    }

    @Test
    void unknownPluginListsTheAvailableOnes() {
        assertThatThrownBy(() -> resolve("plugins.wal=rocksdb"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Unknown wal plugin 'rocksdb' (plugins.wal)")
                .hasMessageContaining("file (");
        assertThatThrownBy(() -> resolve("plugins.consensus=none"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("plugins.consensus");
    }

    @Test
    void pluginKeysAreCheckedAgainstThePluginsDeclaredKeys() {
        assertThatThrownBy(() -> resolve("wal.file.segment-size=1"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Unknown config key 'wal.file.segment-size'")
                .hasMessageContaining("segment-bytes");
        assertThatThrownBy(() -> resolve("wal.rocksdb.block-size=1"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'wal.rocksdb.block-size'")
                .hasMessageContaining("not installed");
    }

    @Test
    void malformedFilesAndOverridesAreRefused() throws IOException {
        assertThatThrownBy(() -> RawConfig.fromYaml(dir.resolve("missing.yaml")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("does not exist");
        Path list = write("kafka.port: [1, 2]\n");
        assertThatThrownBy(() -> RawConfig.fromYaml(list))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'kafka.port'");
        Path broken = write("kafka: {port: 9092\n");
        assertThatThrownBy(() -> RawConfig.fromYaml(broken))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not valid YAML");
        Path scalar = write("just a string\n");
        assertThatThrownBy(() -> RawConfig.fromYaml(scalar))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mapping");
        assertThatThrownBy(() -> RawConfig.empty().withOverrides(List.of("kafka.port")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("key=value");
    }

    @Test
    void emptyFileMeansDefaults() throws IOException {
        NodeConfig config = NodeConfig.resolve(RawConfig.fromYaml(write("")), PLUGINS);
        assertThat(config.get(NodeKeys.DATA_DIR)).isEqualTo("data");
    }

    private NodeConfig resolve(String... overrides) {
        return NodeConfig.resolve(RawConfig.empty().withOverrides(List.of(overrides)), PLUGINS);
    }

    private Path write(String yaml) throws IOException {
        Path file = Files.createTempFile(dir, "quire", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
