package io.quire.spi.replication;

/**
 * Where a log ends: the epoch of its last record and the offset its next record will get. A
 * follower states it when it (re)connects so that the leader resumes from there.
 */
public record LogPosition(long lastEpoch, long endOffset) {}
