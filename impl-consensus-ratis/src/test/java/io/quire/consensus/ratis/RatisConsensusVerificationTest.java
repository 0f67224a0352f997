package io.quire.consensus.ratis;

import io.quire.spi.consensus.Consensus;
import io.quire.tck.consensus.ConsensusVerification;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The consensus kit's rules, run against groups of three Ratis members on loopback. Short election
 * timeouts (300-600 ms) keep the forced elections quick; the kit's 3 s quiet window is five of the
 * longest. A proposal without a leader fails after 3 s, well within the kit's patience.
 */
class RatisConsensusVerificationTest extends ConsensusVerification {

    @Override
    protected Consensus createMember(int nodeId, Map<Integer, Integer> portsByMember, Path dataDir)
            throws IOException {
        String peers = portsByMember.entrySet().stream()
                .map(peer -> peer.getKey() + "=127.0.0.1:" + peer.getValue())
                .collect(Collectors.joining(","));
        return createFromProvider(new RatisConsensusProvider(), nodeId, dataDir, Map.of(
                RatisConsensusProvider.PEERS.name(), peers,
                RatisConsensusProvider.ELECTION_TIMEOUT_MS.name(), "300",
                RatisConsensusProvider.PROPOSAL_TIMEOUT_MS.name(), "3000"));
    }
}
