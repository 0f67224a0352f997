package io.quire.spi.consensus;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/** The engine's side of consensus: what a consensus plugin calls back into. */
public interface ConsensusContext {

    /** This node's id. */
    int nodeId();

    /**
     * Reports a change of leadership. Calls arrive one at a time, in the order the changes
     * happened, with non-decreasing epochs. The engine stops taking writes on the fast path
     * before this returns when leadership moves away from this node.
     */
    void leadershipChanged(Leadership leadership);

    /**
     * Executes a proposed command on this node, which must be the leader: the engine writes it to
     * the metadata log on its fast path and completes the future with the encoded result once it
     * is applied. The consensus plugin calls this on the leader exactly once per proposal.
     *
     * @param command a command encoded by the engine, as given to {@link Consensus#propose}
     */
    CompletableFuture<byte[]> executeOnLeader(byte[] command);

    /**
     * Answers a question another member's engine asked through {@link Consensus#ask}.
     *
     * @throws IOException when this node's log cannot be read to answer
     */
    byte[] answer(byte[] question) throws IOException;
}
