package io.quire.replication.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quire.spi.plugin.ConfigException;
import io.quire.spi.plugin.ConfigKey;
import io.quire.spi.plugin.ListensForPeers;
import io.quire.spi.plugin.PluginContext;
import io.quire.spi.plugin.PluginSettings;
import io.quire.spi.replication.ReplicationTransport;
import io.quire.spi.replication.ReplicationTransportProvider;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HazelcastReplicationProviderTest {

    @TempDir
    Path dir;

    private PluginContext context(int nodeId, Map<String, Object> values) {
        return context(nodeId, values, Map.of(), Optional.empty());
    }

    /** A context as the launcher gives it, with the node's cluster.members and cluster.secret. */
    private PluginContext context(int nodeId, Map<String, Object> values, Map<Integer, InetSocketAddress> members,
            Optional<String> clusterSecret) {
        PluginSettings settings = new PluginSettings() {
            @Override
            public <V> V get(ConfigKey<V> key) {
                Object raw = values.get(key.name());
                return raw == null ? key.defaultValue() : key.parse(HazelcastReplicationProvider.PREFIX + key.name(), raw);
            }
        };
        return new PluginContext() {
            @Override
            public int nodeId() {
                return nodeId;
            }

            @Override
            public Path dataDir() {
                return dir;
            }

            @Override
            public PluginSettings settings() {
                return settings;
            }

            @Override
            public Map<Integer, InetSocketAddress> clusterMembers() {
                return members;
            }

            @Override
            public Optional<String> clusterSecret() {
                return clusterSecret;
            }
        };
    }

    private static Map<String, Object> valid() {
        Map<String, Object> values = new HashMap<>();
        values.put("members", "1=127.0.0.1:5701,2=127.0.0.1:5702,3=127.0.0.1:5703");
        values.put("secret", "sixteen bytes at least");
        return values;
    }

    @Test
    void isFoundByServiceLoaderUnderItsName() {
        assertThat(ServiceLoader.load(ReplicationTransportProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("hazelcast"))).hasSize(1);
    }

    @Test
    void declaresItsKeys() {
        assertThat(new HazelcastReplicationProvider().configKeys()).extracting(ConfigKey::name)
                .containsExactly("host", "port", "members", "cluster-name", "secret", "ring-capacity", "batch-records",
                        "failure-timeout-seconds");
        assertThat(HazelcastReplicationProvider.PORT.defaultValue()).as("this node's port in members").isNull();
        assertThat(HazelcastReplicationProvider.HOST.defaultValue()).isEqualTo("127.0.0.1");
    }

    @Test
    void createsATransportWithoutStartingAnything() {
        ReplicationTransport transport = new HazelcastReplicationProvider().create(context(2, valid()));
        assertThat(transport).isInstanceOf(HazelcastReplicationTransport.class);
        transport.close();
    }

    @Test
    void derivesItsMembersAndPortFromClusterMembersAndUsesTheClusterSecret() {
        Map<Integer, InetSocketAddress> members = Map.of(
                1, InetSocketAddress.createUnresolved("127.0.0.1", 9092),
                2, InetSocketAddress.createUnresolved("127.0.0.1", 9093));
        try (ReplicationTransport transport = new HazelcastReplicationProvider().create(
                context(2, Map.of(), members, Optional.of("the cluster's one secret")))) {
            assertThat(((ListensForPeers) transport).peerListenAddress())
                    .isEqualTo(InetSocketAddress.createUnresolved("127.0.0.1", 9592));
            assertThat(transport.toString()).endsWith("[1,2]");
        }
    }

    @Test
    void itsOwnMembersPortAndSecretWinOverTheClusterWide() {
        Map<Integer, InetSocketAddress> members = Map.of(
                1, InetSocketAddress.createUnresolved("127.0.0.1", 9092),
                2, InetSocketAddress.createUnresolved("127.0.0.1", 9093));
        Map<String, Object> values = valid();
        values.put("port", "5712");
        try (ReplicationTransport transport = new HazelcastReplicationProvider().create(
                context(2, values, members, Optional.of("too short")))) {
            assertThat(((ListensForPeers) transport).peerListenAddress().getPort()).isEqualTo(5712);
            assertThat(transport.toString()).endsWith("[1,2,3]");
        }
        Map<String, Object> withoutPort = valid();
        try (ReplicationTransport transport = new HazelcastReplicationProvider().create(
                context(2, withoutPort, members, Optional.empty()))) {
            assertThat(((ListensForPeers) transport).peerListenAddress().getPort())
                    .as("this node's entry in replication.hazelcast.members").isEqualTo(5702);
        }
    }

    @Test
    void withoutMembersOrSecretTheErrorNamesTheClusterKeyToo() {
        Map<String, Object> noMembers = valid();
        noMembers.remove("members");
        assertThatThrownBy(() -> new HazelcastReplicationProvider().create(context(1, noMembers)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Config key 'cluster.members' or 'replication.hazelcast.members' is required");
        Map<String, Object> noSecret = valid();
        noSecret.remove("secret");
        assertThatThrownBy(() -> new HazelcastReplicationProvider().create(context(1, noSecret)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Config key 'cluster.secret' or 'replication.hazelcast.secret' is required");
    }

    @Test
    void refusesInvalidSettings() {
        HazelcastReplicationProvider provider = new HazelcastReplicationProvider();
        Map<String, Object> shortSecret = valid();
        shortSecret.put("secret", "too short");
        assertThatThrownBy(() -> provider.create(context(1, shortSecret))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("at least 16 bytes").hasMessageNotContaining("too short");
        assertThatThrownBy(() -> provider.create(context(9, valid()))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("must list this node");
        Map<String, Object> duplicate = valid();
        duplicate.put("members", "1=127.0.0.1:5701,2=127.0.0.1:5701");
        assertThatThrownBy(() -> provider.create(context(1, duplicate))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("listed twice");
        Map<String, Object> badPort = valid();
        badPort.put("port", "70000");
        assertThatThrownBy(() -> provider.create(context(1, badPort))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("replication.hazelcast.port");
    }
}
