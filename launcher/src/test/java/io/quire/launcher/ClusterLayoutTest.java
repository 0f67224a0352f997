package io.quire.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quire.launcher.config.NodeConfig;
import io.quire.launcher.config.RawConfig;
import io.quire.launcher.plugins.PluginKind;
import io.quire.launcher.plugins.PluginRegistry;
import io.quire.spi.plugin.ConfigException;
import io.quire.spi.plugin.PluginProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What {@code quire cluster} sets on each node, and which plugins it picks around the user's. */
class ClusterLayoutTest {

    private static final PluginRegistry PLUGINS = PluginRegistry.discover(ClusterLayoutTest.class.getClassLoader());
    private static final Path DATA = Path.of("data");

    @Test
    void givesEachNodeItsIdMembersSecretReferenceHttpPortAndDirectory() {
        ClusterLayout layout = ClusterLayout.of(3, 9092, DATA, List.of());

        assertThat(layout.settings(2)).startsWith(
                "node.id=2",
                "cluster.members=1=127.0.0.1:9092,2=127.0.0.1:9093,3=127.0.0.1:9094",
                "cluster.secret=${env:QUIRE_CLUSTER_SECRET}",
                "http.port=9692",
                "data.dir=" + DATA.resolve("node2"));
        assertThat(layout.bootstrapServers()).isEqualTo("127.0.0.1:9092,127.0.0.1:9093,127.0.0.1:9094");
    }

    @ParameterizedTest(name = "{0} nodes, --set {1}: {2}, {3}, {4}")
    @CsvSource(delimiter = '|', value = {
        "3 |                              | file  | tcp       | ratis",
        "1 |                              | file  | tcp       | static",
        "3 | plugins.wal=mapdb            | mapdb | tcp       | ratis",
        "3 | plugins.replication=hazelcast | file  | hazelcast | ratis",
        "3 | plugins.wal=none             | none  | none      | ratis",
        "1 | plugins.wal=none             | none  | none      | ratis",
        "1 | plugins.replication=none     | file  | none      | static",
        "3 | plugins.consensus=static     | file  | tcp       | static",
    })
    void picksWorkingPluginsAroundTheUsersChoice(int nodes, String set, String wal, String replication,
            String consensus) {
        List<String> overrides = set == null ? List.of() : List.of(set);
        List<String> settings = ClusterLayout.of(nodes, 9092, DATA, overrides).settings(1);

        assertThat(settings).containsSubsequence("plugins.wal=" + wal, "plugins.replication=" + replication,
                "plugins.consensus=" + consensus);
        assertThat(settings).endsWith(overrides.toArray(String[]::new));
    }

    @Test
    void refusesAClusterWithAWalThatNothingReplicates() {
        assertThatThrownBy(() -> ClusterLayout.of(3, 9092, DATA, List.of("plugins.replication=none")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("3 nodes with plugins.wal=file need a replication transport: leave plugins.replication"
                        + " unset (tcp) or set it to hazelcast, or run without WALs (plugins.wal=none)");
    }

    @Test
    void refusesSizesAndBasePortsWhosePortsCollideOrFallOutsideTheRange() {
        assertThatThrownBy(() -> ClusterLayout.of(0, 9092, DATA, List.of())).hasMessageContaining("--nodes");
        assertThatThrownBy(() -> ClusterLayout.of(101, 9092, DATA, List.of())).hasMessageContaining("--nodes");
        assertThatThrownBy(() -> ClusterLayout.of(3, 64936, DATA, List.of())).hasMessageContaining("--base-port");
        assertThatThrownBy(() -> ClusterLayout.of(3, 9092, DATA, List.of("plugins.wal")))
                .hasMessageContaining("key=value");
    }

    @ParameterizedTest
    @CsvSource({"file, tcp", "mapdb, tcp", "file, hazelcast", "mapdb, hazelcast", "none, none"})
    void everySupportedCombinationIsAConfigTheNodesAccept(String wal, String replication) {
        List<String> overrides = List.of("plugins.wal=" + wal, "plugins.replication=" + replication);
        ClusterLayout layout = ClusterLayout.of(3, 9092, DATA, overrides);

        NodeConfig node2 = NodeConfig.resolve(RawConfig.empty().withOverrides(layout.settings(2)), PLUGINS,
                Map.of(ClusterLayout.SECRET_VARIABLE, "a generated secret of the run"));
        assertThat(node2.kafkaPort()).isEqualTo(9093);
        assertThat(node2.clusterMembers()).containsOnlyKeys(1, 2, 3);
        assertThat(node2.clusterSecret()).contains("a generated secret of the run");
        assertThat(node2.plugin(PluginKind.CONSENSUS)).get().extracting(PluginProvider::name).isEqualTo("ratis");
    }
}
