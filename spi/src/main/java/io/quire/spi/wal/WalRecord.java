package io.quire.spi.wal;

import java.util.Arrays;
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

    /** Records are equal when epoch, offset and payload bytes are. */
    @Override
    public boolean equals(Object other) {
        return other instanceof WalRecord record
                && epoch == record.epoch
                && offset == record.offset
                && Arrays.equals(payload, record.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(epoch, offset, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "WalRecord[epoch=" + epoch + ", offset=" + offset + ", payload=" + payload.length + " bytes]";
    }
}
