package io.quire.replication.hazelcast;

import io.quire.spi.plugin.ConfigKey;
import io.quire.spi.plugin.PeerAddresses;
import io.quire.spi.plugin.PluginContext;
import io.quire.spi.plugin.PluginSettings;
import io.quire.spi.plugin.SharedSecret;
import io.quire.spi.replication.ReplicationTransport;
import io.quire.spi.replication.ReplicationTransportProvider;
import java.util.List;

/**
 * The replication transport plugin {@code hazelcast}: an embedded Hazelcast member per node; the
 * leader publishes HMAC-signed batches into a Ringbuffer per epoch, followers read them and ask the
 * leader's member directly for catch-up. Configured under {@code replication.hazelcast.}.
 */
public final class HazelcastReplicationProvider implements ReplicationTransportProvider {

    /** The name that selects this plugin: {@code plugins.replication: hazelcast}. */
    public static final String NAME = "hazelcast";

    static final String PREFIX = "replication." + NAME + ".";

    public static final ConfigKey<String> HOST = ConfigKey.ofString("host", "127.0.0.1",
            "Address the embedded Hazelcast member binds (an IP address or a name that resolves to one)");

    /**
     * What a member's Kafka port plus this is its Hazelcast port, where {@link #MEMBERS} is derived
     * from {@code cluster.members}: 9591 for 9092, as {@code quire cluster} lays the ports out.
     */
    static final int KAFKA_PORT_OFFSET = 499;

    public static final ConfigKey<Integer> PORT = ConfigKey.ofInt("port", null,
                    "Port of the embedded Hazelcast member (no auto-increment); by default this node's port in members")
            .atLeast(1)
            .requiring(port -> port <= 65535, "at most 65535");

    public static final ConfigKey<String> MEMBERS = ConfigKey.ofString("members", null,
            "The Hazelcast member address of every node, this one included, keyed by Quire node id:"
                    + " 1=10.0.0.1:5701,2=10.0.0.2:5701,3=10.0.0.3:5701; by default each node's cluster.members"
                    + " address with its Kafka port + " + KAFKA_PORT_OFFSET);

    public static final ConfigKey<String> CLUSTER_NAME = ConfigKey.ofString("cluster-name", null,
            "Hazelcast cluster name; defaults to the Quire cluster id (cluster.id). Not a security measure");

    public static final ConfigKey<String> SECRET = ConfigKey.ofString("secret", null,
            "Shared secret keying the HMAC-SHA256 that every replication message carries; never sent nor logged."
                    + " At least " + Authenticator.MIN_SECRET_BYTES + " bytes; by default cluster.secret");

    public static final ConfigKey<Integer> RING_CAPACITY = ConfigKey.ofInt("ring-capacity", 1024,
                    "Batches each epoch's Ringbuffer keeps before overwriting the oldest; a follower further behind"
                            + " catches up from the leader directly")
            .atLeast(2)
            .requiring(n -> n <= 1 << 20, "at most " + (1 << 20));

    public static final ConfigKey<Integer> BATCH_RECORDS = ConfigKey.ofInt("batch-records", 256,
                    "Most records per published batch and per catch-up answer")
            .atLeast(1)
            .requiring(n -> n <= 1 << 16, "at most " + (1 << 16));

    public static final ConfigKey<Integer> FAILURE_TIMEOUT_SECONDS = ConfigKey.ofInt("failure-timeout-seconds", 10,
                    "A member silent this long (crashed, paused, cut off) leaves the cluster, and the partitions it"
                            + " owned move to the others; until then writes to them wait")
            .atLeast(2);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Embedded Hazelcast members: per-epoch Ringbuffers of HMAC-signed WAL batches, catch-up and"
                + " snapshots from the leader's member";
    }

    @Override
    public List<ConfigKey<?>> configKeys() {
        return List.of(HOST, PORT, MEMBERS, CLUSTER_NAME, SECRET, RING_CAPACITY, BATCH_RECORDS,
                FAILURE_TIMEOUT_SECONDS);
    }

    @Override
    public ReplicationTransport create(PluginContext context) {
        PluginSettings settings = context.settings();
        PeerAddresses members = PeerAddresses.resolve(context, PREFIX, MEMBERS, KAFKA_PORT_OFFSET);
        byte[] secret = SharedSecret.resolve(context, PREFIX, SECRET, Authenticator.MIN_SECRET_BYTES);
        Integer port = settings.get(PORT);
        String clusterName = settings.get(CLUSTER_NAME);
        HazelcastReplicationConfig config = new HazelcastReplicationConfig(settings.get(HOST),
                port != null ? port : members.self().getPort(),
                clusterName == null || clusterName.isBlank() ? null : clusterName.strip(),
                settings.get(RING_CAPACITY), settings.get(BATCH_RECORDS), 5000, 200,
                settings.get(FAILURE_TIMEOUT_SECONDS));
        return new HazelcastReplicationTransport(config, MemberList.from(members.byNode()), new Authenticator(secret));
    }
}
