package io.quire.spi.replication;

import java.util.Objects;

/**
 * A WAL record on its way from the leader to a follower (the seed's WalReplicationRecord plus the
 * epoch). The metadata log travels as topic {@link #METADATA_TOPIC}, partition 0.
 *
 * @param leaderHighWatermark the leader's end offset when the record was sent
 */
public record ReplicatedRecord(
        String topic, int partition, long epoch, long offset, long leaderHighWatermark, byte[] payload) {

    /** The internal topic that carries the metadata log. */
    public static final String METADATA_TOPIC = "__quire_metadata";

    public ReplicatedRecord {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
    }
}
