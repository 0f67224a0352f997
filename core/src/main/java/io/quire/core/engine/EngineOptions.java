package io.quire.core.engine;

import io.quire.core.snapshot.SnapshotStore;
import io.quire.spi.replication.ReplicationTransport;
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
 */
public record EngineOptions(String clusterId, Optional<ReplicationTransport> transport,
        Optional<SnapshotStore> snapshots, long snapshotEveryRecords) {

    public EngineOptions {
        Objects.requireNonNull(clusterId, "clusterId");
        if (snapshotEveryRecords < 1) {
            throw new IllegalArgumentException("snapshotEveryRecords must be positive: " + snapshotEveryRecords);
        }
    }

    /** A single node without snapshots. */
    public static EngineOptions singleNode(String clusterId) {
        return new EngineOptions(clusterId, Optional.empty(), Optional.empty(), Long.MAX_VALUE);
    }
}
