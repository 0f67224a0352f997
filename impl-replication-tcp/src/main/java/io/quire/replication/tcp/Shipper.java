package io.quire.replication.tcp;

import io.netty.channel.Channel;
import io.quire.api.metadata.BrokerInfo;
import io.quire.replication.tcp.Frame.Records;
import io.quire.replication.tcp.Frame.Resume;
import io.quire.replication.tcp.Frame.SnapshotBegin;
import io.quire.replication.tcp.Frame.SnapshotEnd;
import io.quire.replication.tcp.Frame.Truncate;
import io.quire.spi.replication.LeaderLog;
import io.quire.spi.replication.LogPosition;
import io.quire.spi.replication.ReplicatedRecord;
import io.quire.spi.wal.WalOffsetOutOfRangeException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships the leader's log to one follower from the position the follower stated: a TRUNCATE first
 * when its log diverges, a snapshot when the WAL no longer holds the cursor, then RECORDS batches,
 * at most {@code max-in-flight-batches} of them unacknowledged and none while the socket is full.
 * The cursor starts from what the follower says, never from what this leader remembers of an
 * earlier connection.
 *
 * <p>Confined to its follower's lane (see {@link LeaderSession}): no locks, and never on the event
 * loop, since reading the log touches the disk.
 */
final class Shipper {

    private static final Logger log = LoggerFactory.getLogger(Shipper.class);

    private final int followerId;
    private final Channel channel;
    private final LeaderLog leaderLog;
    private final LogPosition stated;
    private final BrokerInfo broker;
    private final TcpReplicationConfig config;
    private final Consumer<String> onFailure;

    /** The next offset to send; -1 until {@link #start()} has placed it. */
    private long cursor = -1;
    /** The end offsets of the batches sent and not yet acknowledged, oldest first. */
    private final ArrayDeque<Long> unacknowledged = new ArrayDeque<>();
    /** The snapshot being sent, or {@code null}. */
    private SnapshotSender snapshot;
    private boolean stopped;

    Shipper(int followerId, Channel channel, LeaderLog leaderLog, LogPosition stated, BrokerInfo broker,
            TcpReplicationConfig config, Consumer<String> onFailure) {
        this.followerId = followerId;
        this.channel = channel;
        this.leaderLog = leaderLog;
        this.stated = stated;
        this.broker = broker;
        this.config = config;
        this.onFailure = onFailure;
    }

    void start() {
        if (stopped) {
            return;
        }
        try {
            leaderLog.followerJoined(broker);
            log.info("Follower {} joined at (epoch {}, offset {})", followerId, stated.lastEpoch(), stated.endOffset());
            long divergence = leaderLog.divergenceOffset(stated);
            if (divergence < 0) {
                throw new IllegalStateException("the leader's log gave divergence offset " + divergence);
            }
            if (divergence < stated.endOffset()) {
                log.info("Follower {} diverges from this leader at offset {}: it truncates its log there",
                        followerId, divergence);
                send(new Truncate(divergence));
            }
            cursor = Math.min(divergence, stated.endOffset());
            // What the follower holds in common with this leader is durable on it: an idle cluster
            // that nothing is shipped to still shows its followers' ends (lag, DescribeQuorum).
            leaderLog.acknowledged(followerId, cursor);
        } catch (RuntimeException e) {
            fail("cannot start replication: " + e);
            return;
        }
        pump();
    }

    /** Sends what the window and the socket allow. */
    void pump() {
        if (stopped || cursor < 0) {
            return;
        }
        try {
            while (!stopped && channel.isWritable()) {
                if (snapshot != null) {
                    sendSnapshotPart();
                } else if (unacknowledged.size() >= config.maxInFlightBatches() || !sendBatch()) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            fail("cannot ship from offset " + cursor + ": " + e);
        }
        channel.flush();
    }

    /** The follower made everything below {@code endOffset} durable: one batch left the window. */
    void acknowledged(long endOffset) {
        if (stopped) {
            return;
        }
        Long expected = unacknowledged.peek();
        if (expected == null || expected != endOffset) {
            fail("follower acknowledged offset " + endOffset + ", but "
                    + (expected == null ? "nothing was in flight" : "the next batch ends at " + expected));
            return;
        }
        unacknowledged.poll();
        leaderLog.acknowledged(followerId, endOffset);
        pump();
    }

    /**
     * The follower refused a record that was not the next one it expected. Every frame in flight
     * is dropped by the follower until it sees RESUME, so the window restarts empty from there.
     */
    void resend(long fromOffset) {
        if (stopped || cursor < 0) {
            return;
        }
        log.info("Follower {} expects offset {}: resending from there", followerId, fromOffset);
        closeSnapshot();
        unacknowledged.clear();
        cursor = fromOffset;
        send(new Resume(fromOffset));
        pump();
    }

    /** The connection is gone. */
    void stop() {
        stopped = true;
        closeSnapshot();
    }

    /** Sends one batch; {@code false} when there is nothing to send yet. */
    private boolean sendBatch() throws IOException {
        if (cursor >= leaderLog.endOffset()) {
            return false;
        }
        List<ReplicatedRecord> read;
        try {
            read = leaderLog.read(cursor, config.batchRecords());
        } catch (WalOffsetOutOfRangeException e) {
            if (cursor >= e.startOffset()) {
                return false;
            }
            beginSnapshot(e.startOffset());
            return true;
        }
        long highWatermark = leaderLog.endOffset();
        List<ReplicatedRecord> batch = new ArrayList<>(read.size());
        long frameBytes = FrameCodec.RECORDS_OVERHEAD;
        for (ReplicatedRecord record : read) {
            long expected = cursor + batch.size();
            if (record.offset() != expected) {
                throw new IllegalStateException("the leader's log returned offset " + record.offset() + " where "
                        + expected + " was expected");
            }
            frameBytes += FrameCodec.recordBytes(record);
            if (frameBytes > config.maxFrameBytes()) {
                break;
            }
            batch.add(new ReplicatedRecord(record.topic(), record.partition(), record.epoch(), record.offset(),
                    highWatermark, record.payload()));
        }
        if (batch.isEmpty()) {
            if (read.isEmpty()) {
                return false;
            }
            throw new IllegalStateException("the record at offset " + cursor + " does not fit in a frame of "
                    + TcpReplicationProvider.PREFIX + TcpReplicationProvider.MAX_FRAME_BYTES + " = "
                    + config.maxFrameBytes() + " bytes");
        }
        Records frame = new Records(batch);
        send(frame);
        cursor = frame.endOffset();
        unacknowledged.add(cursor);
        return true;
    }

    private void beginSnapshot(long walStart) throws IOException {
        SnapshotSender sender = new SnapshotSender(leaderLog.openSnapshot(), config.snapshotChunkBytes());
        if (sender.endOffset() < walStart) {
            // Sending it would only lead here again, forever.
            sender.close();
            throw new IllegalStateException("the leader's snapshot ends at offset " + sender.endOffset()
                    + ", below its WAL's start " + walStart);
        }
        log.info("Sending follower {} a snapshot up to offset {}: its cursor {} is below the WAL's start {}",
                followerId, sender.endOffset(), cursor, walStart);
        snapshot = sender;
        send(new SnapshotBegin(sender.endOffset(), sender.epoch()));
    }

    private void sendSnapshotPart() throws IOException {
        Frame part = snapshot.next();
        send(part);
        if (part instanceof SnapshotEnd) {
            log.info("Sent follower {} a snapshot of {} bytes up to offset {}", followerId, snapshot.sentBytes(),
                    snapshot.endOffset());
            cursor = snapshot.endOffset();
            unacknowledged.add(cursor);
            closeSnapshot();
        }
    }

    private void closeSnapshot() {
        if (snapshot != null) {
            snapshot.close();
            snapshot = null;
        }
    }

    private void send(Frame frame) {
        // A failed write reaches the pipeline's exceptionCaught, which closes the connection.
        channel.write(frame, channel.voidPromise());
    }

    private void fail(String reason) {
        stopped = true;
        closeSnapshot();
        onFailure.accept(reason);
    }
}
