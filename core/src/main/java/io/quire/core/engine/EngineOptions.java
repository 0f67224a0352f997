package io.quire.core.engine;

import io.quire.core.snapshot.SnapshotStore;
import io.quire.spi.replication.ReplicationTransport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What an engine runs with beyond its plugins.
 *
 * @param clusterId the cluster's id, which replication peers must share
 * @param transport the replication transport; empty for a single node
 * @param snapshots where state-machine snapshots are kept; empty to take none
 * @param snapshotEveryRecords take a snapshot (and let the WAL drop what it covers) each time this
 *     many more records are applied; ignored without {@code snapshots}
 * @param acks when the leader answers a write
 * @param writeTimeout how long a write waits at most for what comes after the leader's WAL: a quorum
 *     of acknowledgements, or (on a follower) the record reaching this node's state machine
 * @param meters where the engine's meters are registered
 */
public record EngineOptions(String clusterId, Optional<ReplicationTransport> transport,
        Optional<SnapshotStore> snapshots, long snapshotEveryRecords, MetadataAcks acks, Duration writeTimeout, MeterRegistry meters) {

    public EngineOptions {
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(acks, "acks");
        Objects.requireNonNull(meters, "meters");
        if (snapshotEveryRecords < 1) {
            throw new IllegalArgumentException("snapshotEveryRecords must be positive: " + snapshotEveryRecords);
        }
        if (writeTimeout.isNegative() || writeTimeout.isZero()) {
            throw new IllegalArgumentException("writeTimeout must be positive: " + writeTimeout);
        }
    }

    /** A single node without snapshots. */
    public static EngineOptions singleNode(String clusterId) {
        return new EngineOptions(clusterId, Optional.empty(), Optional.empty(), Long.MAX_VALUE, MetadataAcks.LEADER,
                Duration.ofSeconds(30), new SimpleMeterRegistry());
    }
}
