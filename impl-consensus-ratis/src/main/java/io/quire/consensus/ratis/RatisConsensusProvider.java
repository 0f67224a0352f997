package io.quire.consensus.ratis;

import io.quire.spi.consensus.Consensus;
import io.quire.spi.consensus.ConsensusProvider;
import io.quire.spi.plugin.ConfigException;
import io.quire.spi.plugin.ConfigKey;
import io.quire.spi.plugin.NodeAddresses;
import io.quire.spi.plugin.PluginContext;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Provides the {@code ratis} consensus plugin. */
public final class RatisConsensusProvider implements ConsensusProvider {

    static final String PREFIX = "consensus.ratis.";

    public static final ConfigKey<String> PEERS = ConfigKey.ofString("peers", null,
            "Every voting member as id=host:port (comma-separated), this node included; this node's Raft server"
                    + " binds its own entry. Required.");
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

    @Override
    public String name() {
        return "ratis";
    }

    @Override
    public String description() {
        return "an Apache Ratis (Raft) group of the members in consensus.ratis.peers: elections, epochs = terms,"
                + " follower writes carried to the leader";
    }

    @Override
    public List<ConfigKey<?>> configKeys() {
        return List.of(PEERS, GROUP, ELECTION_TIMEOUT_MS, PROPOSAL_TIMEOUT_MS, SNAPSHOT_EVERY_ENTRIES);
    }

    @Override
    public Consensus create(PluginContext context) {
        String peersText = context.settings().get(PEERS);
        if (peersText == null) {
            throw new ConfigException(PREFIX + PEERS.name() + " is required: list every member as id=host:port");
        }
        Map<Integer, InetSocketAddress> peers = NodeAddresses.parse(PREFIX + PEERS.name(), peersText);
        if (!peers.containsKey(context.nodeId())) {
            throw new ConfigException(PREFIX + PEERS.name() + " must list this node (id " + context.nodeId()
                    + "); it lists " + peers.keySet());
        }
        return new RatisConsensus(new RatisSettings(context.nodeId(), peers, context.settings().get(GROUP),
                Duration.ofMillis(context.settings().get(ELECTION_TIMEOUT_MS)),
                Duration.ofMillis(context.settings().get(PROPOSAL_TIMEOUT_MS)),
                context.settings().get(SNAPSHOT_EVERY_ENTRIES), context.dataDir()));
    }
}
