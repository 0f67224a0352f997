package io.quire.consensus.staticleader;

import io.quire.spi.consensus.Consensus;
import io.quire.tck.consensus.ConsensusVerification;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The consensus kit's rules, run against the {@code static} plugin as a group of one: a fixed
 * leader has no elections and cannot carry a follower's write to the leader, so a static
 * "follower" is no member of a group in the kit's sense (its members() holds only the leader). The
 * kit skips the rules that need a minority to stay up or another member to ask, saying why, and
 * con08's port check (the plugin binds nothing).
 */
class StaticConsensusVerificationTest extends ConsensusVerification {

    @Override
    protected Consensus createMember(int nodeId, Map<Integer, Integer> portsByMember, Path dataDir)
            throws IOException {
        // No leader key: the node leads itself, the one member of its group.
        return createFromProvider(new StaticConsensusProvider(), nodeId, dataDir, Map.of());
    }

    @Override
    protected int groupSize() {
        return 1;
    }

    @Override
    protected boolean bindsPorts() {
        return false;
    }
}
