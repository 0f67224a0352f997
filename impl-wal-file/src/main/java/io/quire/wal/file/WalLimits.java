package io.quire.wal.file;

/**
 * The size limits of one WAL, read from the provider's settings.
 *
 * @param segmentBytes the size at which the active segment file is rolled
 * @param maxRecordBytes the largest payload accepted by an append, and the largest length field
 *     recovery accepts as genuine
 */
record WalLimits(long segmentBytes, int maxRecordBytes) {}
