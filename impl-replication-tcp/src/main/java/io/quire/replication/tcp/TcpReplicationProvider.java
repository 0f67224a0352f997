package io.quire.replication.tcp;

import io.quire.spi.plugin.ConfigException;
import io.quire.spi.plugin.ConfigKey;
import io.quire.spi.plugin.PluginContext;
import io.quire.spi.plugin.PluginSettings;
import io.quire.spi.replication.ReplicationTransport;
import io.quire.spi.replication.ReplicationTransportProvider;
import java.nio.charset.StandardCharsets;
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

    /** The port of the replication listener; 0 picks a free one. */
    public static final ConfigKey<Integer> PORT = ConfigKey.ofInt("port", 9291,
                    "Port of the replication listener; 0 picks a free one (the log says which)")
            .atLeast(0)
            .requiring(port -> port <= 65535, "at most 65535");

    /** Every node's replication address, this node included; required. */
    public static final ConfigKey<String> PEERS = ConfigKey.ofString("peers", null,
            "The replication address of every node of the cluster, this one included:"
                    + " 1=10.0.0.1:9291,2=10.0.0.2:9291,3=10.0.0.3:9291 (required)");

    /** The shared secret; required, never logged and never sent. */
    public static final ConfigKey<String> SECRET = ConfigKey.ofString("secret", null,
            "Shared secret that the cluster's nodes prove to each other; it is never sent nor logged."
                    + " At least " + PeerAuthenticator.MIN_SECRET_BYTES + " bytes (required)");

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
        PeerList peers = PeerList.parse(PREFIX + PEERS.name(), required(settings, PEERS));
        if (!peers.contains(context.nodeId())) {
            throw new ConfigException("Config key '" + PREFIX + PEERS.name() + "' must list this node (node.id "
                    + context.nodeId() + "), got ids " + peers.ids());
        }
        byte[] secret = required(settings, SECRET).getBytes(StandardCharsets.UTF_8);
        if (secret.length < PeerAuthenticator.MIN_SECRET_BYTES) {
            // The secret itself stays out of the message.
            throw new ConfigException("Config key '" + PREFIX + SECRET.name() + "' must be at least "
                    + PeerAuthenticator.MIN_SECRET_BYTES + " bytes long");
        }
        TcpReplicationConfig config = new TcpReplicationConfig(settings.get(HOST), settings.get(PORT),
                settings.get(MAX_FRAME_BYTES), settings.get(BATCH_RECORDS), settings.get(MAX_IN_FLIGHT_BATCHES),
                settings.get(RECONNECT_BACKOFF_MS), settings.get(HANDSHAKE_TIMEOUT_MS));
        return new TcpReplicationTransport(config, peers, new PeerAuthenticator(secret), context.dataDir());
    }

    private static String required(PluginSettings settings, ConfigKey<String> key) {
        String value = settings.get(key);
        if (value == null || value.isBlank()) {
            throw new ConfigException("Config key '" + PREFIX + key.name() + "' is required: " + key.description());
        }
        return value;
    }
}
