package io.quire.wal.mapdb;

/**
 * The durable range of the log, published as one immutable value so that a reader sees the three
 * numbers of one moment together.
 *
 * @param startOffset the lowest offset held
 * @param endOffset one past the last durable record
 * @param lastEpoch the epoch of the last durable record, or -1
 */
record LogState(long startOffset, long endOffset, long lastEpoch) {}
