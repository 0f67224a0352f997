package io.quire.tck.consensus;

import io.quire.spi.consensus.Consensus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The suite bound to an {@link InJvmConsensus} with the flaw of {@link #flaw()}; each subclass is
 * one binding, the way a plugin's conformance test is. Run by {@link KitSelfTest}, not directly.
 */
abstract class InJvmVerification extends ConsensusVerification {

    abstract InJvmConsensus.Flaw flaw();

    @Override
    protected Consensus createMember(int nodeId, Map<Integer, Integer> portsByMember, Path dataDir) {
        return new InJvmConsensus(nodeId, portsByMember, dataDir, flaw());
    }

    @Override
    protected boolean bindsPorts() {
        return false;
    }

    /** Elections in the fake are immediate: a short patience fails the broken ones fast. */
    @Override
    protected Duration patience() {
        return Duration.ofSeconds(3);
    }

    @Override
    protected Duration quietWindow() {
        return Duration.ofMillis(500);
    }
}
