package io.quire.spi.replication;

import io.quire.api.metadata.BrokerInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** The leader's log as a replication transport reads it. Thread-safe. */
public interface LeaderLog {

    /** The leader's epoch. */
    long epoch();

    /** The lowest offset the leader's WAL still holds. */
    long startOffset();

    /** One past the leader's last durable record. */
    long endOffset();

    /**
     * Durable records from {@code fromOffset}, at most {@code maxRecords}.
     *
     * @throws io.quire.spi.wal.WalOffsetOutOfRangeException when the WAL no longer holds
     *     {@code fromOffset}: send {@link #openSnapshot()} first
     */
    List<ReplicatedRecord> read(long fromOffset, int maxRecords) throws IOException;

    /**
     * The offset at which a follower whose log ends at {@code follower} must truncate before
     * taking the leader's records (leader-epoch truncation), or {@code follower.endOffset()} when
     * its log is a prefix of the leader's.
     */
    long divergenceOffset(LogPosition follower);

    /** The latest state-machine snapshot; the caller closes the stream. */
    Snapshot openSnapshot() throws IOException;

    /**
     * Reports that {@code followerId} has made every record below {@code endOffset} durable: after
     * each acknowledged batch, and when the follower joins, for the part of its stated log that it
     * holds in common with this leader (below the divergence offset), so that the leader knows
     * where an idle follower stands.
     */
    void acknowledged(int followerId, long endOffset);

    /**
     * Reports that an authenticated follower joined, stating itself as {@code broker}; the leader
     * registers it through the log when its registration differs.
     */
    void followerJoined(BrokerInfo broker);

    /** A snapshot stream covering every record below {@code endOffset}. */
    record Snapshot(long endOffset, long epoch, InputStream data) {}
}
