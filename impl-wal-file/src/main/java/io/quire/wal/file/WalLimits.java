package io.quire.wal.file;

/**
 * The size limits and fsync policy of one WAL, read from the provider's settings.
 *
 * @param segmentBytes the size at which the active segment file is rolled
 * @param maxRecordBytes the largest payload accepted by an append, and the largest length field
 *     recovery accepts as genuine
 * @param fsyncIntervalMs 0 to force every batch before acknowledging it; otherwise the longest
 *     time acknowledged records may stay unforced
 */
record WalLimits(long segmentBytes, int maxRecordBytes, int fsyncIntervalMs) {}
