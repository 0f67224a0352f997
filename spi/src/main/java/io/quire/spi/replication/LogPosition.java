package io.quire.spi.replication;

/**
 * Where a log ends: the epoch of its last record, the offset its next record will get, and the
 * offset of the first record of that last epoch. A follower states it when it (re)connects so that
 * the leader resumes from there; when the leader never had the follower's last epoch (a deposed
 * leader wrote it alone), every record from {@code lastEpochStart} on diverges.
 *
 * @param lastEpoch the epoch of the last record (or of the snapshot the log starts after); -1 for
 *     an empty log
 * @param endOffset one past the last record
 * @param lastEpochStart the offset of the first record of {@code lastEpoch} in this log;
 *     {@code endOffset} when the log holds none (an empty log, or one that starts after a snapshot)
 */
public record LogPosition(long lastEpoch, long endOffset, long lastEpochStart) {

    public LogPosition {
        if (endOffset < 0 || lastEpochStart < 0 || lastEpochStart > endOffset) {
            throw new IllegalArgumentException("a log ending at " + endOffset + " cannot start its last epoch at "
                    + lastEpochStart);
        }
    }

    /** An empty log, or one that holds no record of {@code lastEpoch}, ending at {@code endOffset}. */
    public static LogPosition withoutRecordsOfLastEpoch(long lastEpoch, long endOffset) {
        return new LogPosition(lastEpoch, endOffset, endOffset);
    }
}
