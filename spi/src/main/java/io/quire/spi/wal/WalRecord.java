package io.quire.spi.wal;

import java.util.Objects;

/**
 * One record of the metadata log.
 *
 * @param epoch the consensus epoch in which the leader wrote the record
 * @param offset the record's position; offsets are dense: 0, 1, 2, ...
 * @param payload the serialized command; the WAL stores it opaquely and never changes it
 */
public record WalRecord(long epoch, long offset, byte[] payload) {

    public WalRecord {
        Objects.requireNonNull(payload, "payload");
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
    }
}
