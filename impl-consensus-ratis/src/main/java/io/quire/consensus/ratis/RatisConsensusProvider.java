package io.quire.consensus.ratis;

import io.quire.spi.consensus.Consensus;
import io.quire.spi.consensus.ConsensusProvider;
import io.quire.spi.plugin.ConfigKey;
import io.quire.spi.plugin.PeerAddresses;
import io.quire.spi.plugin.PluginContext;
import java.time.Duration;
import java.util.List;

/** Provides the {@code ratis} consensus plugin. */
public final class RatisConsensusProvider implements ConsensusProvider {

    static final String PREFIX = "consensus.ratis.";

    /**
     * What a member's Kafka port plus this is its Raft port, where {@link #PEERS} is derived from
     * {@code cluster.members}: 9491 for 9092, as {@code quire cluster} lays the ports out.
     */
    static final int KAFKA_PORT_OFFSET = 399;

    public static final ConfigKey<String> PEERS = ConfigKey.ofString("peers", null,
            "Every voting member as id=host:port (comma-separated), this node included; this node's Raft server"
                    + " binds its own entry. By default each node's cluster.members address with its Kafka port + "
                    + KAFKA_PORT_OFFSET + ".");
    public static final ConfigKey<String> GROUP = ConfigKey.ofString("group", "quire",
            "Name of the Raft group; every member must use the same.");
    public static final ConfigKey<Integer> ELECTION_TIMEOUT_MS = ConfigKey.ofInt("election-timeout-ms", 1000,
            "A follower that hears no leader for a random time between this and twice this starts an election.")
            .atLeast(50);
    public static final ConfigKey<Integer> PROPOSAL_TIMEOUT_MS = ConfigKey.ofInt("proposal-timeout-ms", 15_000,
            "How long a follower keeps retrying to hand a write to a leader (through elections) before failing it.")
            .atLeast(100);
    public static final ConfigKey<Integer> SNAPSHOT_EVERY_ENTRIES = ConfigKey.ofInt("snapshot-every-entries", 4096,
            "Snapshot the Raft log's state each time this many entries are applied, so that the log is purged.")
            .atLeast(16);
    public static final ConfigKey<Integer> PURGE_GAP_ENTRIES = ConfigKey.ofInt("purge-gap-entries", 1024,
            "Purge the Raft log up to a snapshot only once the snapshot covers this many entries of it (Ratis'"
                    + " purge gap): a follower down for longer than that many entries comes back through the leader's"
                    + " snapshot.").atLeast(1);

    @Override
    public String name() {
        return "ratis";
    }

    @Override
    public String description() {
        return "an Apache Ratis (Raft) group of the members in consensus.ratis.peers or cluster.members: elections,"
                + " epochs = terms, follower writes carried to the leader";
    }

    @Override
    public List<ConfigKey<?>> configKeys() {
        return List.of(PEERS, GROUP, ELECTION_TIMEOUT_MS, PROPOSAL_TIMEOUT_MS, SNAPSHOT_EVERY_ENTRIES, PURGE_GAP_ENTRIES);
    }

    @Override
    public Consensus create(PluginContext context) {
        PeerAddresses peers = PeerAddresses.resolve(context, PREFIX, PEERS, KAFKA_PORT_OFFSET);
        return new RatisConsensus(new RatisSettings(context.nodeId(), peers.byNode(), context.settings().get(GROUP),
                Duration.ofMillis(context.settings().get(ELECTION_TIMEOUT_MS)),
                Duration.ofMillis(context.settings().get(PROPOSAL_TIMEOUT_MS)),
                context.settings().get(SNAPSHOT_EVERY_ENTRIES), context.settings().get(PURGE_GAP_ENTRIES),
                context.dataDir()));
    }
}
