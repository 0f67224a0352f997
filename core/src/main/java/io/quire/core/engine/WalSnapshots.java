package io.quire.core.engine;

import io.quire.core.snapshot.SnapshotStore;
import io.quire.spi.statemachine.StateMachine;
import io.quire.spi.wal.MetadataWal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots of the applied state that let the metadata WAL drop what they cover: taken in the
 * background every {@link EngineOptions#snapshotEveryRecords()} records, restored at recovery, and
 * installed from a leader. Also knows the epoch of the snapshot the WAL starts after.
 */
final class WalSnapshots {

    /** Under the engine's name: operators and tests grep the engine's log lines, logger included. */
    private static final Logger log = LoggerFactory.getLogger(MetadataEngine.class);

    private final MetadataWal wal;
    private final StateMachine stateMachine;
    private final EpochHistory epochs;
    private final EngineOptions options;
    /** The applier in use, which recovery and an installed snapshot replace. */
    private final Supplier<OrderedApplier> applier;
    /** The state machine's snapshot while still empty: the base to rebuild from when no snapshot exists. */
    private final byte[] emptyState;
    private final ExecutorService snapshotter =
            Executors.newSingleThreadExecutor(MetadataEngine.daemon("quire-snapshotter"));
    /** The epoch of the snapshot the WAL starts after, for a WAL that holds no record yet. */
    private volatile long baseEpoch = -1;

    /** @param wal null for a node without a metadata WAL, which takes no snapshots of its own */
    WalSnapshots(MetadataWal wal, StateMachine stateMachine, EpochHistory epochs, EngineOptions options,
            Supplier<OrderedApplier> applier) {
        this.wal = wal;
        this.stateMachine = stateMachine;
        this.epochs = epochs;
        this.options = options;
        this.applier = applier;
        this.emptyState = snapshotBytes(stateMachine);
    }

    /** The epoch of the snapshot the WAL starts after; -1 when it starts after none. */
    long baseEpoch() {
        return baseEpoch;
    }

    /** The record at {@code offset} is durable and being applied: takes a snapshot when one is due. */
    void durable(long offset) {
        if (options.snapshots().isPresent() && (offset + 1) % options.snapshotEveryRecords() == 0) {
            snapshotter.execute(this::snapshotAndTrimWal);
        }
    }

    /** Restores the state from the newest snapshot when it covers more than the state machine has applied. */
    void restoreNewest() throws IOException {
        Optional<SnapshotStore.Snapshot> snapshot = latestSnapshot();
        if (snapshot.isPresent() && stateMachine.appliedOffset() + 1 < snapshot.get().endOffset()) {
            try (InputStream in = snapshot.get().open()) {
                stateMachine.restoreSnapshot(in);
            }
            baseEpoch = snapshot.get().epoch();
            log.info("Restored the state from snapshot {} (offsets below {}, epoch {})", snapshot.get().file(),
                    snapshot.get().endOffset(), snapshot.get().epoch());
        }
    }

    /** Resets the state machine to its empty state, to rebuild from the snapshot and the WAL. */
    void restoreEmptyState() throws IOException {
        stateMachine.restoreSnapshot(new ByteArrayInputStream(emptyState));
    }

    /**
     * Stores a leader's snapshot covering offsets below {@code endOffset}, restores the state from
     * it and drops what it covers from the WAL and the epoch history.
     */
    void install(long endOffset, long epoch, InputStream data) throws IOException {
        SnapshotStore.Snapshot stored = options.snapshots()
                .orElseThrow(() -> new IOException("this node keeps no snapshots (no snapshot store configured)"))
                .install(endOffset, epoch, data);
        try (InputStream in = stored.open()) {
            stateMachine.restoreSnapshot(in);
        }
        wal.deletePrefix(endOffset);
        epochs.clear();
        baseEpoch = epoch;
    }

    /** The snapshot of the records below {@code endOffset}, while it is still kept. */
    Optional<SnapshotStore.Snapshot> find(long endOffset) throws IOException {
        return options.snapshots().isPresent() ? options.snapshots().get().find(endOffset) : Optional.empty();
    }

    /** The newest snapshot, taken now when there is none yet. */
    SnapshotStore.Snapshot newest() throws IOException {
        if (options.snapshots().isEmpty()) {
            throw new IOException("this node keeps no snapshots (no snapshot store configured)");
        }
        Optional<SnapshotStore.Snapshot> latest = latestSnapshot();
        if (latest.isPresent()) {
            return latest.get();
        }
        snapshotAndTrimWal();
        return latestSnapshot().orElseThrow(() -> new IOException("no snapshot could be taken"));
    }

    /** Waits for a snapshot being written to finish. */
    void close() {
        snapshotter.shutdown();
        try {
            if (!snapshotter.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("A snapshot was still being written at close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Snapshots the applied state and lets the WAL drop what the snapshot covers. */
    private void snapshotAndTrimWal() {
        try {
            StateBytes state = applier.get().whileQuiescent(() -> new StateBytes(
                    stateMachine.appliedOffset() + 1, snapshotBytes(stateMachine)));
            if (state.endOffset() <= 0) {
                return;
            }
            long epoch = epochAtOrBase(state.endOffset() - 1);
            SnapshotStore.Snapshot snapshot = options.snapshots().orElseThrow()
                    .write(state.endOffset(), epoch, out -> out.write(state.bytes()));
            wal.deletePrefix(state.endOffset());
            log.info("Snapshot of offsets below {} (epoch {}, {} bytes, digest {}) in {}; the WAL now starts at {}",
                    snapshot.endOffset(), epoch, state.bytes().length, stateMachine.digest(), snapshot.file(),
                    wal.startOffset());
        } catch (Exception e) {
            log.error("Taking a snapshot failed; the WAL keeps its records", e);
        }
    }

    private long epochAtOrBase(long offset) {
        long epoch = epochs.epochAt(offset);
        return epoch >= 0 ? epoch : baseEpoch;
    }

    private Optional<SnapshotStore.Snapshot> latestSnapshot() throws IOException {
        return options.snapshots().isPresent() ? options.snapshots().get().latest() : Optional.empty();
    }

    private static byte[] snapshotBytes(StateMachine stateMachine) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            stateMachine.writeSnapshot(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("writing a snapshot to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /** The state machine's snapshot of every record below {@code endOffset}. */
    private record StateBytes(long endOffset, byte[] bytes) {}
}
