package io.quire.core.engine;

import io.quire.api.command.MetadataCommand;
import io.quire.api.result.CommandResult;
import io.quire.core.codec.CodecException;
import io.quire.spi.replication.FollowerLog;
import io.quire.spi.replication.LogPosition;
import io.quire.spi.replication.OffsetGapException;
import io.quire.spi.replication.ReplicatedRecord;
import io.quire.spi.replication.StaleEpochException;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A follower's side of replication: each record is checked (epoch, offset), appended to this
 * node's own WAL, and applied in order once durable, so the follower can restart from its disk and
 * lead with the history it has.
 */
final class FollowerSide implements FollowerLog {

    private static final Logger log = LoggerFactory.getLogger(FollowerSide.class);
    /** A follower this many records behind the leader is catching up (more than one transport batch). */
    static final long CATCH_UP_RECORDS = 512;
    /** ... and has caught up once this few remain (less than a batch in flight under load). */
    private static final long CAUGHT_UP_RECORDS = 16;

    private final MetadataEngine engine;
    /** Set while a record is being appended: the transport and a leader's takeover must take turns. */
    private final AtomicBoolean accepting = new AtomicBoolean();
    /**
     * The catch-up in progress, from offset {@code catchUpFrom}; advanced only while accepting, and
     * ended by a leadership change too (the new leader may have nothing more to ship).
     */
    private final AtomicReference<LongWork.Job> catchUp = new AtomicReference<>();
    private long catchUpFrom;

    FollowerSide(MetadataEngine engine) {
        this.engine = engine;
    }

    @Override
    public LogPosition position() {
        return engine.logPosition();
    }

    @Override
    public CompletionStage<Void> accept(ReplicatedRecord record) {
        if (!accepting.compareAndSet(false, true)) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "record " + record.offset() + " arrived while another is still being appended"));
        }
        CompletableFuture<Void> accepted;
        try {
            accepted = append(record).toCompletableFuture();
        } catch (RuntimeException e) {
            accepting.set(false);
            throw e;
        }
        return accepted.whenComplete((done, error) -> accepting.set(false));
    }

    private CompletionStage<Void> append(ReplicatedRecord record) {
        long received = System.nanoTime();
        // Within one log epochs never decrease: a record older than this log's last one comes from a
        // deposed leader. (A new leader may ship records of older epochs; they extend a log whose
        // last epoch is no newer, so they pass.)
        long knownEpoch = engine.lastEpoch();
        if (record.epoch() < knownEpoch) {
            return CompletableFuture.failedFuture(new StaleEpochException(record.epoch(), knownEpoch));
        }
        long expected = engine.wal().endOffset();
        if (record.offset() != expected) {
            return CompletableFuture.failedFuture(new OffsetGapException(record.offset(), expected));
        }
        MetadataCommand command;
        try {
            command = engine.codec().decode(record.payload());
        } catch (CodecException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("replicated record at offset "
                    + record.offset() + " is not a command: " + e.getMessage(), e));
        }
        log.info("Phase 2.3: Follower received metadata replication: {}-{} offset {}", record.topic(),
                record.partition(), record.offset());
        engine.reports().heardLeaderEnd(engine.leadership().epoch(), record.leaderHighWatermark());
        followCatchUp(record);
        CompletableFuture<CommandResult> applied = new CompletableFuture<>();
        return engine.wal().append(record.epoch(), record.payload()).thenAccept(offset -> {
            if (offset != record.offset()) {
                throw new IllegalStateException("the WAL wrote replicated offset " + record.offset() + " at " + offset);
            }
            engine.durable(record.epoch(), offset, command, applied);
            log.info("METADATA✓ Replicated: {}-{} offset {}", record.topic(), record.partition(), offset);
        }).thenCompose(done -> applied).thenAccept(result -> {
            engine.meters().replicatedApplied(System.nanoTime() - received);
            log.info("Phase 2.3: Follower applied replicated metadata command at offset {}: {}", record.offset(),
                    result.isSuccess() ? "OK" : result.error() + " " + result.message());
        });
    }

    /** Starts, advances or ends the catch-up that {@code record} belongs to. */
    private void followCatchUp(ReplicatedRecord record) {
        long behind = record.leaderHighWatermark() - (record.offset() + 1);
        LongWork.Job current = catchUp.get();
        if (current == null && behind > CATCH_UP_RECORDS) {
            catchUpFrom = record.offset();
            current = engine.longWork().start("catching up from the leader from offset " + catchUpFrom, "records",
                    record.leaderHighWatermark() - catchUpFrom, false);
            catchUp.set(current);
            engine.meters().catchUpStarted();
            log.info("Catching up from the leader: offset {}, the leader's log ends at {}", record.offset(),
                    record.leaderHighWatermark());
        }
        if (current != null) {
            current.advanceTo(record.offset() + 1 - catchUpFrom, record.leaderHighWatermark() - catchUpFrom);
            if (behind <= CAUGHT_UP_RECORDS && catchUp.compareAndSet(current, null)) {
                current.close();
                log.info("Caught up with the leader at offset {}", record.offset());
            }
        }
    }

    /** A new leadership: a catch-up from the previous leader is over, however far it came. */
    void leadershipChanged() {
        LongWork.Job ended = catchUp.getAndSet(null);
        if (ended != null) {
            ended.close();
        }
    }

    @Override
    public void truncate(long fromOffset) throws IOException {
        log.warn("Truncating this node's log at offset {} (leader-epoch truncation)", fromOffset);
        engine.truncateAndRebuild(fromOffset);
    }

    @Override
    public void installSnapshot(long endOffset, long epoch, InputStream data) throws IOException {
        engine.installSnapshot(endOffset, epoch, data);
    }
}
