package io.quire.spi.consensus;

import java.util.OptionalInt;

/**
 * Who leads the metadata log, as this node knows it.
 *
 * @param epoch the consensus epoch (the Raft term); grows with every election, never shrinks
 * @param leaderId the leader's node id, empty while no leader is known
 * @param localNodeId this node's id
 */
public record Leadership(long epoch, OptionalInt leaderId, int localNodeId) {

    public Leadership {
        if (epoch < 0) {
            throw new IllegalArgumentException("negative epoch " + epoch);
        }
    }

    /** No leader known yet, before any election. */
    public static Leadership unknown(int localNodeId) {
        return new Leadership(0, OptionalInt.empty(), localNodeId);
    }

    public boolean isLocalLeader() {
        return leaderId.isPresent() && leaderId.getAsInt() == localNodeId;
    }
}
