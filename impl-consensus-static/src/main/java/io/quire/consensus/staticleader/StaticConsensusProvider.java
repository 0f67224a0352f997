package io.quire.consensus.staticleader;

import io.quire.spi.consensus.Consensus;
import io.quire.spi.consensus.ConsensusProvider;
import io.quire.spi.plugin.ConfigKey;
import io.quire.spi.plugin.PluginContext;
import java.util.List;

/** Provides the {@code static} consensus plugin. */
public final class StaticConsensusProvider implements ConsensusProvider {

    /** The leader's node id; unset means this node leads. */
    public static final ConfigKey<Integer> LEADER =
            ConfigKey.ofInt("leader", null, "Node id of the fixed leader; by default the node itself.").atLeast(0);

    @Override
    public String name() {
        return "static";
    }

    @Override
    public String description() {
        return "a leader fixed by config (consensus.static.leader, default: this node), epoch 1; no elections";
    }

    @Override
    public List<ConfigKey<?>> configKeys() {
        return List.of(LEADER);
    }

    @Override
    public Consensus create(PluginContext context) {
        Integer leader = context.settings().get(LEADER);
        return new StaticConsensus(context.nodeId(), leader == null ? context.nodeId() : leader);
    }
}
