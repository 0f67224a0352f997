package io.quire.core.status;

import java.util.List;

/**
 * The leader's view of the metadata quorum, as Kafka's DescribeQuorum reports it.
 *
 * @param highWatermark one past the last record a majority of the voters has made durable
 * @param voters every voting member, the leader first
 */
public record QuorumState(int leaderId, long epoch, long highWatermark, List<Replica> voters) {

    public QuorumState {
        voters = List.copyOf(voters);
    }

    /**
     * One voter as the leader sees it.
     *
     * @param logEndOffset one past its last durable record as it last acknowledged; -1 when not heard
     * @param lastFetchTimestamp when the leader last heard from it (ms since the epoch); -1 when never
     * @param lastCaughtUpTimestamp the last time it held every record the leader had (ms since the
     *     epoch); -1 when never in this leadership
     */
    public record Replica(int id, long logEndOffset, long lastFetchTimestamp, long lastCaughtUpTimestamp) {}
}
