package io.quire.core.engine;

/** When the leader answers a write (the node key {@code metadata.acks}). */
public enum MetadataAcks {
    /** Once the leader's own WAL has made the record durable: the seed's fast path. */
    LEADER,
    /**
     * Once a majority of the members, the leader included, has made the record durable: no
     * acknowledged change is lost when the leader dies.
     */
    QUORUM
}
