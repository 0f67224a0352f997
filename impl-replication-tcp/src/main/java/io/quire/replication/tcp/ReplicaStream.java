package io.quire.replication.tcp;

import io.netty.channel.Channel;
import io.quire.replication.tcp.Frame.Ack;
import io.quire.replication.tcp.Frame.Records;
import io.quire.replication.tcp.Frame.Resend;
import io.quire.replication.tcp.Frame.Resume;
import io.quire.replication.tcp.Frame.SnapshotBegin;
import io.quire.replication.tcp.Frame.SnapshotChunk;
import io.quire.replication.tcp.Frame.SnapshotEnd;
import io.quire.replication.tcp.Frame.Truncate;
import io.quire.spi.replication.FollowerLog;
import io.quire.spi.replication.OffsetGapException;
import io.quire.spi.replication.ReplicatedRecord;
import io.quire.spi.replication.StaleEpochException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one leader connection's stream to this node's {@link FollowerLog}, on the single apply
 * thread: records strictly in order and one at a time (each accept has completed, durable, before
 * the next starts), truncation before anything else, snapshots. Answers each batch with ACK, or,
 * when a record is not the next one expected, with RESEND; a gap is never skipped.
 */
final class ReplicaStream {

    private static final Logger log = LoggerFactory.getLogger(ReplicaStream.class);

    private final Channel channel;
    private final int leaderId;
    private final FollowerLog followerLog;
    private final Path spoolDir;
    private final Runnable onStaleLeader;
    private volatile boolean connected = true;

    /** The offset asked for in RESEND; {@code -1} when none is pending. */
    private long resendFrom = -1;
    private SnapshotReceiver snapshot;

    ReplicaStream(Channel channel, int leaderId, FollowerLog followerLog, Path spoolDir, Runnable onStaleLeader) {
        this.channel = channel;
        this.leaderId = leaderId;
        this.followerLog = followerLog;
        this.spoolDir = spoolDir;
        this.onStaleLeader = onStaleLeader;
    }

    /** The connection is gone: frames still queued are dropped; the next connection states the position afresh. */
    void disconnected() {
        connected = false;
    }

    void handle(Frame frame) {
        // Frames the leader sent before it saw the RESEND are dropped until its RESUME.
        if (!connected || (resendFrom >= 0 && !(frame instanceof Resume))) {
            return;
        }
        try {
            if (frame instanceof Records records) {
                apply(records);
            } else if (frame instanceof Truncate truncate) {
                followerLog.truncate(truncate.offset());
                log.info("Truncated this node's log at offset {}: it diverged from leader {}", truncate.offset(),
                        leaderId);
            } else if (frame instanceof Resume resume) {
                resume(resume.fromOffset());
            } else if (frame instanceof SnapshotBegin begin) {
                beginSnapshot(begin);
            } else if (frame instanceof SnapshotChunk chunk) {
                receiving().write(chunk.data());
            } else if (frame instanceof SnapshotEnd end) {
                installSnapshot(end);
            } else {
                throw new ProtocolException("unexpected " + frame.name() + " frame from the leader");
            }
        } catch (ProtocolException e) {
            close("the leader broke the protocol: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            close("cannot apply the leader's stream: " + e);
        } catch (InterruptedException e) {
            // The transport is closing.
            Thread.currentThread().interrupt();
        }
    }

    /** Deletes a half-received snapshot; runs on the apply thread after the connection is gone. */
    void discard() {
        if (snapshot != null) {
            try {
                snapshot.close();
            } catch (IOException e) {
                log.warn("Cannot delete a half-received snapshot: {}", e.toString());
            }
            snapshot = null;
        }
    }

    private void apply(Records batch) throws ProtocolException, InterruptedException {
        if (snapshot != null) {
            throw new ProtocolException("RECORDS frame in the middle of a snapshot");
        }
        for (ReplicatedRecord record : batch.records()) {
            if (!connected) {
                // Leadership moved or the node is closing: the next connection states where this stopped.
                return;
            }
            try {
                accept(record);
            } catch (OffsetGapException gap) {
                log.info("Record at offset {} is not the next one expected ({}): asking leader {} to resend from there",
                        record.offset(), gap.expected(), leaderId);
                resendFrom = gap.expected();
                channel.writeAndFlush(new Resend(gap.expected()));
                return;
            } catch (StaleEpochException stale) {
                log.warn("Refusing leader {}: {}; waiting for a new leader", leaderId, stale.getMessage());
                onStaleLeader.run();
                channel.close();
                return;
            }
        }
        channel.writeAndFlush(new Ack(batch.endOffset()));
    }

    /** Hands one record to the log and waits until it is durable, so that calls never overlap. */
    private void accept(ReplicatedRecord record) throws InterruptedException {
        try {
            followerLog.accept(record).toCompletableFuture().get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw cause instanceof RuntimeException unchecked ? unchecked : new IllegalStateException(cause);
        }
    }

    private void resume(long fromOffset) throws ProtocolException {
        if (fromOffset != resendFrom) {
            throw new ProtocolException("RESUME from offset " + fromOffset + " answers no RESEND"
                    + (resendFrom < 0 ? "" : " (asked for " + resendFrom + ")"));
        }
        resendFrom = -1;
    }

    private void beginSnapshot(SnapshotBegin begin) throws IOException, ProtocolException {
        if (snapshot != null) {
            throw new ProtocolException("SNAPSHOT_BEGIN in the middle of a snapshot");
        }
        log.info("Receiving a snapshot up to offset {} from leader {}", begin.endOffset(), leaderId);
        snapshot = SnapshotReceiver.open(spoolDir, begin.endOffset(), begin.epoch());
    }

    private SnapshotReceiver receiving() throws ProtocolException {
        if (snapshot == null) {
            throw new ProtocolException("snapshot frame without SNAPSHOT_BEGIN");
        }
        return snapshot;
    }

    private void installSnapshot(SnapshotEnd end) throws IOException, ProtocolException {
        try (SnapshotReceiver received = receiving()) {
            snapshot = null;
            try (InputStream data = received.finish(end.totalBytes(), end.crc32c())) {
                followerLog.installSnapshot(received.endOffset(), received.epoch(), data);
            }
            log.info("Installed a snapshot of {} bytes up to offset {} from leader {}", received.bytes(),
                    received.endOffset(), leaderId);
            channel.writeAndFlush(new Ack(received.endOffset()));
        }
    }

    private void close(String reason) {
        log.warn("Closing replication connection to leader {}: {}", leaderId, reason);
        channel.close();
    }
}
