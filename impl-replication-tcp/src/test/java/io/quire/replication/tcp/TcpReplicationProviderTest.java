package io.quire.replication.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import ch.qos.logback.classic.Level;
import io.quire.api.metadata.BrokerInfo;
import io.quire.spi.consensus.Leadership;
import io.quire.spi.plugin.ConfigException;
import io.quire.spi.plugin.ConfigKey;
import io.quire.spi.plugin.ListensForPeers;
import io.quire.spi.plugin.PluginContext;
import io.quire.spi.plugin.PluginSettings;
import io.quire.spi.replication.FollowerLog;
import io.quire.spi.replication.LeaderLog;
import io.quire.spi.replication.ReplicationContext;
import io.quire.spi.replication.ReplicationTransport;
import io.quire.spi.replication.ReplicationTransportProvider;
import io.quire.tck.replication.MemoryLog;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TcpReplicationProviderTest {

    private static final String PEERS = "1=127.0.0.1:9291,2=127.0.0.1:9292,3=127.0.0.1:9293";

    @TempDir
    Path dir;

    /**
     * Settings as the launcher gives them: configured values parsed by their key, else the default;
     * and the node's cluster.members and cluster.secret.
     */
    private record MapContext(Path dataDir, Map<String, Object> values, Map<Integer, InetSocketAddress> clusterMembers,
            Optional<String> clusterSecret) implements PluginContext, PluginSettings {

        @Override
        public int nodeId() {
            return 1;
        }

        @Override
        public PluginSettings settings() {
            return this;
        }

        @Override
        public <V> V get(ConfigKey<V> key) {
            Object raw = values.get(key.name());
            return raw == null ? key.defaultValue() : key.parse("replication.tcp." + key.name(), raw);
        }
    }

    private record Context(MemoryLog log) implements ReplicationContext {

        @Override
        public int nodeId() {
            return 1;
        }

        @Override
        public String clusterId() {
            return "quire";
        }

        @Override
        public BrokerInfo localBroker() {
            return new BrokerInfo(1, "127.0.0.1", 9092, null);
        }

        @Override
        public LeaderLog leaderLog() {
            return log;
        }

        @Override
        public FollowerLog followerLog() {
            return log;
        }
    }

    @Test
    void serviceLoaderFindsTheProviderByName() {
        assertThat(ServiceLoader.load(ReplicationTransportProvider.class).stream().map(ServiceLoader.Provider::get))
                .anySatisfy(provider -> {
                    assertThat(provider).isInstanceOf(TcpReplicationProvider.class);
                    assertThat(provider.name()).isEqualTo("tcp");
                    assertThat(provider.description()).isNotBlank();
                });
    }

    @Test
    void declaresItsKeysWithDefaults() {
        assertThat(new TcpReplicationProvider().configKeys())
                .extracting(ConfigKey::name, ConfigKey::defaultValue)
                .containsExactly(
                        tuple("host", "127.0.0.1"),
                        tuple("port", null),
                        tuple("peers", null),
                        tuple("secret", null),
                        tuple("max-frame-bytes", 64 << 20),
                        tuple("batch-records", 512),
                        tuple("max-in-flight-batches", 4),
                        tuple("reconnect-backoff-ms", 200),
                        tuple("handshake-timeout-ms", 5000));
    }

    @Test
    void requiresPeersAndASecretOfItsOwnOrOfTheCluster() {
        assertThatThrownBy(() -> create(Map.of("secret", "a sixteen byte secret")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Config key 'cluster.members' or 'replication.tcp.peers' is required");
        assertThatThrownBy(() -> create(Map.of("peers", PEERS)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Config key 'cluster.secret' or 'replication.tcp.secret' is required");
    }

    @Test
    void derivesItsPeersAndPortFromClusterMembersAndUsesTheClusterSecret() throws Exception {
        int replicationPort = freePort();
        Map<Integer, InetSocketAddress> members = Map.of(
                1, InetSocketAddress.createUnresolved("127.0.0.1", replicationPort - 199),
                2, InetSocketAddress.createUnresolved("127.0.0.1", 9093));
        try (LogCapture lines = new LogCapture(TcpReplicationTransport.class);
                ReplicationTransport transport = new TcpReplicationProvider().create(
                        new MapContext(dir, Map.of(), members, Optional.of("the cluster's one secret")))) {
            transport.start(new Context(new MemoryLog(1)));

            assertThat(((ListensForPeers) transport).peerListenAddress().getPort()).isEqualTo(replicationPort);
            assertThat(lines.messages(Level.INFO)).contains("Phase 2.3: WalReceiver configured: replication listener on"
                    + " 127.0.0.1:" + replicationPort + ", peers [1, 2]");
        }
    }

    @Test
    void itsOwnPeersPortAndSecretWinOverTheClusterWide() throws Exception {
        Map<Integer, InetSocketAddress> members = Map.of(1, InetSocketAddress.createUnresolved("127.0.0.1", 9092));
        try (LogCapture lines = new LogCapture(TcpReplicationTransport.class);
                ReplicationTransport transport = new TcpReplicationProvider().create(new MapContext(dir,
                        Map.of("peers", PEERS, "port", "0", "secret", "a sixteen byte secret"), members,
                        Optional.of("too short")))) {
            transport.start(new Context(new MemoryLog(1)));

            assertThat(((ListensForPeers) transport).peerListenAddress().getPort()).isNotIn(0, 9291);
            assertThat(lines.messages(Level.INFO)).anyMatch(line -> line.endsWith(", peers [1, 2, 3]"));
        }
    }

    @Test
    void refusesBadPeersAShortSecretAndAListWithoutThisNode() {
        assertThatThrownBy(() -> create(Map.of("peers", "1=127.0.0.1", "secret", "a sixteen byte secret")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("replication.tcp.peers");
        assertThatThrownBy(() -> create(Map.of("peers", "2=127.0.0.1:9292", "secret", "a sixteen byte secret")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Config key 'replication.tcp.peers' must list this node (node.id 1), got ids [2]");
        assertThatThrownBy(() -> create(Map.of("peers", PEERS, "secret", "too short")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Config key 'replication.tcp.secret' must be at least 16 bytes long");
    }

    @Test
    void refusesOutOfRangeTunables() {
        assertThatThrownBy(() -> TcpReplicationProvider.MAX_FRAME_BYTES.parse("replication.tcp.max-frame-bytes", 1000))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> TcpReplicationProvider.BATCH_RECORDS.parse("replication.tcp.batch-records", "0"))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> TcpReplicationProvider.PORT.parse("replication.tcp.port", 70000))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void createdTransportBindsLogsItsListenerAndNeverTheSecret() throws Exception {
        String secret = "the secret that must never be logged";
        try (LogCapture lines = new LogCapture(TcpReplicationTransport.class)) {
            Map<String, Object> settings = new HashMap<>(Map.of("peers", PEERS, "secret", secret, "port", "0"));
            try (ReplicationTransport transport = create(settings)) {
                transport.start(new Context(new MemoryLog(1)));
                transport.leadershipChanged(new Leadership(1, OptionalInt.of(1), 1));
                transport.recordsDurable(0);
            }
            assertThat(lines.messages(Level.INFO)).anyMatch(line -> line.matches(
                    "Phase 2\\.3: WalReceiver configured: replication listener on 127\\.0\\.0\\.1:\\d+, peers \\[1, 2, 3]")
                    && !line.endsWith(":0, peers [1, 2, 3]"));
            assertThat(lines.events()).noneMatch(event -> event.getFormattedMessage().contains(secret));
        }
    }

    private ReplicationTransport create(Map<String, Object> values) throws Exception {
        return new TcpReplicationProvider().create(new MapContext(dir, values, Map.of(), Optional.empty()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
