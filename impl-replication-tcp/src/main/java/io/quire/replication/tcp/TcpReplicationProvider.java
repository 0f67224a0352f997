package io.quire.replication.tcp;

import io.quire.spi.plugin.ConfigKey;
import io.quire.spi.plugin.PeerAddresses;
import io.quire.spi.plugin.PluginContext;
import io.quire.spi.plugin.PluginSettings;
import io.quire.spi.plugin.SharedSecret;
import io.quire.spi.replication.ReplicationTransport;
import io.quire.spi.replication.ReplicationTransportProvider;
import java.util.List;

/**
 * The replication transport plugin {@code tcp}: Netty connections from each follower to the
 * leader, authenticated with a shared secret, carrying the leader's WAL records in acknowledged
 * batches. Configured under {@code replication.tcp.}.
 */
public final class TcpReplicationProvider implements ReplicationTransportProvider {

    /** The name that selects this plugin: {@code plugins.replication: tcp}. */
    public static final String NAME = "tcp";

    /** The prefix of this plugin's keys, for error messages. */
    static final String PREFIX = "replication." + NAME + ".";

    /** The address the replication listener binds. */
    public static final ConfigKey<String> HOST = ConfigKey.ofString("host", "127.0.0.1",
            "Address the replication listener binds");

    /**
     * What a member's Kafka port plus this is its replication port, where {@link #PEERS} is derived
     * from {@code cluster.members}: 9291 for 9092, as {@code quire cluster} lays the ports out.
     */
    static final int KAFKA_PORT_OFFSET = 199;

    /** The port of the replication listener; by default this node's entry in the peers; 0 picks a free one. */
    public static final ConfigKey<Integer> PORT = ConfigKey.ofInt("port", null,
                    "Port of the replication listener; by default this node's port in the peers; 0 picks a free one"
                            + " (the log says which)")
            .atLeast(0)
            .requiring(port -> port <= 65535, "at most 65535");

    /** Every node's replication address, this node included; by default derived from cluster.members. */
    public static final ConfigKey<String> PEERS = ConfigKey.ofString("peers", null,
            "The replication address of every node of the cluster, this one included:"
                    + " 1=10.0.0.1:9291,2=10.0.0.2:9291,3=10.0.0.3:9291; by default each node's cluster.members"
                    + " address with its Kafka port + " + KAFKA_PORT_OFFSET);

    /** The shared secret, by default cluster.secret; never logged and never sent. */
    public static final ConfigKey<String> SECRET = ConfigKey.ofString("secret", null,
            "Shared secret that the cluster's nodes prove to each other; it is never sent nor logged."
                    + " At least " + PeerAuthenticator.MIN_SECRET_BYTES + " bytes; by default cluster.secret");

    /** The largest frame accepted after the handshake; a larger one closes its connection. */
    public static final ConfigKey<Integer> MAX_FRAME_BYTES = ConfigKey.ofInt("max-frame-bytes", 64 << 20,
                    "Largest replication frame in bytes, checked before anything is buffered; a larger one"
                            + " closes its connection. Must exceed the WAL's largest record; the same on every node")
            .atLeast(64 << 10)
            .requiring(bytes -> bytes <= 1 << 30, "at most " + (1 << 30));

    /** The most records per RECORDS frame. */
    public static final ConfigKey<Integer> BATCH_RECORDS = ConfigKey.ofInt("batch-records", 512,
                    "Most records the leader sends in one batch")
            .atLeast(1)
            .requiring(records -> records <= 1 << 20, "at most " + (1 << 20));

    /** The most unacknowledged batches per follower. */
    public static final ConfigKey<Integer> MAX_IN_FLIGHT_BATCHES = ConfigKey.ofInt("max-in-flight-batches", 4,
                    "Most batches the leader sends a follower before that follower acknowledges one")
            .atLeast(1)
            .requiring(batches -> batches <= 1024, "at most 1024");

    /** The pause before a follower reconnects to its leader. */
    public static final ConfigKey<Integer> RECONNECT_BACKOFF_MS = ConfigKey.ofInt("reconnect-backoff-ms", 200,
                    "Pause in milliseconds before a follower reconnects to its leader after losing it; it doubles"
                            + " after each failed attempt, up to 32 times this")
            .atLeast(1)
            .requiring(ms -> ms <= 600_000, "at most 600000");

    /** The time a connection has to complete its handshake. */
    public static final ConfigKey<Integer> HANDSHAKE_TIMEOUT_MS = ConfigKey.ofInt("handshake-timeout-ms", 5000,
                    "Milliseconds a new connection has to complete its handshake before it is closed")
            .atLeast(1)
            .requiring(ms -> ms <= 600_000, "at most 600000");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Netty TCP connections from followers to the leader, HMAC-authenticated, batched with"
                + " back-pressure per follower (default)";
    }

    @Override
    public List<ConfigKey<?>> configKeys() {
        return List.of(HOST, PORT, PEERS, SECRET, MAX_FRAME_BYTES, BATCH_RECORDS, MAX_IN_FLIGHT_BATCHES,
                RECONNECT_BACKOFF_MS, HANDSHAKE_TIMEOUT_MS);
    }

    @Override
    public ReplicationTransport create(PluginContext context) {
        PluginSettings settings = context.settings();
        PeerAddresses peers = PeerAddresses.resolve(context, PREFIX, PEERS, KAFKA_PORT_OFFSET);
        byte[] secret = SharedSecret.resolve(context, PREFIX, SECRET, PeerAuthenticator.MIN_SECRET_BYTES);
        Integer port = settings.get(PORT);
        TcpReplicationConfig config = new TcpReplicationConfig(settings.get(HOST),
                port != null ? port : peers.self().getPort(),
                settings.get(MAX_FRAME_BYTES), settings.get(BATCH_RECORDS), settings.get(MAX_IN_FLIGHT_BATCHES),
                settings.get(RECONNECT_BACKOFF_MS), settings.get(HANDSHAKE_TIMEOUT_MS));
        return new TcpReplicationTransport(config, PeerList.of(peers.byNode()), new PeerAuthenticator(secret),
                context.dataDir());
    }
}
