package io.quire.launcher.waldump;

/**
 * One WAL record as the dump shows it.
 *
 * @param bytes the payload's size
 * @param checksumMatches false when the stored checksum does not match: the other fields are then
 *     what the bytes say, not to be trusted
 */
record DumpedRecord(long offset, long epoch, int bytes, boolean checksumMatches, DecodedPayload payload) {}
