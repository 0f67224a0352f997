package io.quire.replication.tcp;

/**
 * The tunables of the {@code tcp} transport, as {@link TcpReplicationProvider} read them. The peers
 * and the secret are kept apart ({@link PeerList}, {@link PeerAuthenticator}), so that this record
 * can be logged whole.
 */
record TcpReplicationConfig(
        String host,
        int port,
        int maxFrameBytes,
        int batchRecords,
        int maxInFlightBatches,
        int reconnectBackoffMs,
        int handshakeTimeoutMs) {

    /** Snapshots travel in chunks of at most this many bytes. */
    static final int SNAPSHOT_CHUNK_BYTES = 1 << 20;

    /** The size of each SNAPSHOT_CHUNK: 1 MiB, or less when the frame limit is smaller. */
    int snapshotChunkBytes() {
        return Math.min(SNAPSHOT_CHUNK_BYTES, maxFrameBytes - FrameCodec.SNAPSHOT_CHUNK_OVERHEAD);
    }
}
