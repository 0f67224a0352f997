package io.quire.spi.replication;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletionStage;

/** The follower's log as a replication transport feeds it. */
public interface FollowerLog {

    /** Where this node's log ends, to state to the leader on (re)connect. */
    LogPosition position();

    /**
     * Appends a record to this node's WAL and applies it. Records must arrive in offset order; the
     * stage completes once the record is durable, and fails with
     * {@link StaleEpochException} for a record of an epoch older than the epoch of this log's last
     * record (fencing a deposed leader by its epoch is the transport's part, at the handshake), or with
     * {@link OffsetGapException} when the record is not the next one expected (the transport then
     * asks the leader for what is missing; a gap is never skipped). Calls must not overlap.
     */
    CompletionStage<Void> accept(ReplicatedRecord record);

    /** Discards this node's records at and above {@code fromOffset} (leader-epoch truncation). */
    void truncate(long fromOffset) throws IOException;

    /** Replaces this node's state with a leader's snapshot covering offsets below {@code endOffset}. */
    void installSnapshot(long endOffset, long epoch, InputStream data) throws IOException;
}
