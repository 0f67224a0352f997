package io.quire.consensus.ratis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quire.spi.consensus.Consensus;
import io.quire.spi.plugin.ConfigException;
import io.quire.spi.plugin.ListensForPeers;
import io.quire.spi.plugin.PluginContext;
import io.quire.spi.plugin.PluginSettings;
import io.quire.tck.support.KitSettings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the provider takes the Raft group's members from; nothing is started. */
class RatisConsensusProviderTest {

    private static final Map<Integer, InetSocketAddress> MEMBERS = Map.of(
            1, InetSocketAddress.createUnresolved("127.0.0.1", 9092),
            2, InetSocketAddress.createUnresolved("127.0.0.1", 9093),
            3, InetSocketAddress.createUnresolved("127.0.0.1", 9094));

    @TempDir
    Path dir;

    /** A context as the launcher gives it to node 2: the plugin's settings and the node's cluster.members. */
    private record Context(Path dataDir, PluginSettings settings, Map<Integer, InetSocketAddress> clusterMembers)
            implements PluginContext {

        @Override
        public int nodeId() {
            return 2;
        }
    }

    @Test
    void derivesTheRaftGroupFromClusterMembers() {
        Consensus consensus = create(Map.of(), MEMBERS);

        assertThat(consensus.members()).containsExactly(1, 2, 3);
        assertThat(((ListensForPeers) consensus).peerListenAddress())
                .as("node 2's Raft server at its Kafka port + 399")
                .isEqualTo(InetSocketAddress.createUnresolved("127.0.0.1", 9492));
    }

    @Test
    void itsOwnPeersWinOverClusterMembers() {
        Consensus consensus = create(Map.of("peers", "1=127.0.0.1:7001,2=127.0.0.1:7002"), MEMBERS);

        assertThat(consensus.members()).containsExactly(1, 2);
        assertThat(((ListensForPeers) consensus).peerListenAddress().getPort()).isEqualTo(7002);
    }

    @Test
    void withNeitherTheErrorNamesBothKeys() {
        assertThatThrownBy(() -> create(Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Config key 'cluster.members' or 'consensus.ratis.peers' is required");
        assertThatThrownBy(() -> create(Map.of("peers", "1=127.0.0.1:7001"), MEMBERS))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Config key 'consensus.ratis.peers' must list this node (node.id 2), got ids [1]");
    }

    private Consensus create(Map<String, String> values, Map<Integer, InetSocketAddress> members) {
        RatisConsensusProvider provider = new RatisConsensusProvider();
        return provider.create(new Context(dir, KitSettings.of("consensus", provider.name(), provider.configKeys(),
                values), members));
    }
}
