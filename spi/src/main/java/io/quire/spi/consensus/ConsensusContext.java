package io.quire.spi.consensus;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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

    /**
     * Whether the consensus log is the metadata log: the node runs without a metadata WAL, every
     * write is a proposal that the plugin commits in its own log and hands to
     * {@link #applyCommitted} on every member, and the plugin snapshots the state through
     * {@link #writeSnapshot} / {@link #restoreSnapshot}. When false, proposals go to the leader's
     * {@link #executeOnLeader} and the other three methods are not called.
     */
    boolean isMetadataLog();

    /**
     * Applies a committed proposal on this member; called on every member, once per entry, in
     * the order of the consensus log, and again (to be skipped) for entries a restored snapshot
     * already covers.
     *
     * @param index the entry's position in the consensus log; strictly increasing, not dense
     * @return the encoded answer to give the proposer
     */
    CompletableFuture<byte[]> applyCommitted(long index, byte[] command);

    /** Writes the state as of the last applied entry; returns that entry's index (-1 for none). */
    long writeSnapshot(OutputStream out) throws IOException;

    /** Replaces the state with a snapshot that {@link #writeSnapshot} wrote (here or on another member). */
    void restoreSnapshot(InputStream in) throws IOException;
}
