package io.quire.wal.file;

import io.quire.spi.wal.WalClosedException;
import io.quire.spi.wal.WalForceMeters;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WAL's only writer thread. Each turn it takes every append queued so far, hands them to the
 * log as one batch (dense offsets in queue order, one force per segment touched), and then
 * completes their futures in offset order, so that many concurrent appenders share few forces.
 *
 * <p>With an fsync interval (see {@link FileWalProvider#FSYNC_INTERVAL_MS}) a batch is forced only
 * when the interval has passed since the last force; otherwise its appends complete once written
 * to the OS, and the writer forces them when the interval ends, even if no append follows.
 *
 * <p>When a write or force fails, the batch's appends fail and the writer turns failed: what reached
 * the disk is unknown, so every later append fails too, naming the original cause, until the WAL is
 * reopened (recovery then decides what was durable).
 */
final class GroupCommitWriter implements AutoCloseable {

    static final String THREAD_NAME = "quire-wal-file-writer";

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);

    private final SegmentedLog log;
    private final long fsyncIntervalNanos;
    private final Thread thread;
    private final Object queueLock = new Object();
    private List<PendingAppend> queue = new ArrayList<>();
    private boolean closed;
    private volatile Throwable failure;
    /** When the writer last forced; touched only by the writer thread. */
    private long lastForceNanos = System.nanoTime();
    /** Whether records were written but not forced; touched only by the writer thread. */
    private boolean unforcedWrites;
    private final WalForceMeters meters;

    private GroupCommitWriter(SegmentedLog log, long fsyncIntervalNanos, WalForceMeters meters) {
        this.log = log;
        this.meters = meters;
        this.fsyncIntervalNanos = fsyncIntervalNanos;
        this.thread = new Thread(this::run, THREAD_NAME);
        // A WAL the node forgot to close must not keep the JVM alive; closing it drains the queue.
        this.thread.setDaemon(true);
    }

    /**
     * Starts the writer thread.
     *
     * @param fsyncIntervalNanos 0 to force every batch before completing it; otherwise the longest
     *     time written records may stay unforced
     */
    static GroupCommitWriter start(SegmentedLog log, long fsyncIntervalNanos, WalForceMeters meters) {
        GroupCommitWriter writer = new GroupCommitWriter(log, fsyncIntervalNanos, meters);
        writer.thread.start();
        return writer;
    }

    /** Queues an append; its future completes once the record is durable, or fails. */
    CompletableFuture<Long> submit(long epoch, byte[] payload) {
        CompletableFuture<Long> result = new CompletableFuture<>();
        Throwable failed = failure;
        if (failed != null) {
            result.completeExceptionally(refusal(failed));
            return result;
        }
        synchronized (queueLock) {
            if (closed) {
                result.completeExceptionally(new WalClosedException("Metadata WAL is closed"));
            } else {
                queue.add(new PendingAppend(epoch, payload, result));
                queueLock.notifyAll();
            }
        }
        return result;
    }

    /**
     * Stops accepting appends, lets the thread write what is already queued, and waits for it to
     * end. Called from the writer thread itself (a completion callback), it does not wait.
     */
    @Override
    public void close() {
        synchronized (queueLock) {
            closed = true;
            queueLock.notifyAll();
        }
        if (Thread.currentThread() == thread) {
            return;
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<PendingAppend> batch;
        while ((batch = awaitBatch()) != null) {
            if (batch.isEmpty()) {
                forceAfterInterval();
            } else {
                writeBatch(batch);
            }
        }
    }

    /**
     * Every append queued so far; an empty list when written records are due to be forced; null
     * once closed and drained.
     */
    private List<PendingAppend> awaitBatch() {
        synchronized (queueLock) {
            while (queue.isEmpty() && !closed) {
                try {
                    if (!unforcedWrites) {
                        queueLock.wait();
                    } else {
                        long untilForce = lastForceNanos + fsyncIntervalNanos - System.nanoTime();
                        if (untilForce <= 0) {
                            return List.of();
                        }
                        TimeUnit.NANOSECONDS.timedWait(queueLock, untilForce);
                    }
                } catch (InterruptedException e) {
                    // Only this class owns the thread. Keeping the interrupt would make the next
                    // FileChannel call close the segment's channel, so it is dropped.
                }
            }
            if (queue.isEmpty()) {
                return null;
            }
            List<PendingAppend> batch = queue;
            queue = new ArrayList<>();
            return batch;
        }
    }

    private void writeBatch(List<PendingAppend> batch) {
        Throwable failed = failure;
        if (failed != null) {
            batch.forEach(append -> append.result().completeExceptionally(refusal(failed)));
            return;
        }
        List<PendingAppend> accepted = rejectStaleEpochs(batch);
        if (accepted.isEmpty()) {
            return;
        }
        long firstOffset;
        long started = System.nanoTime();
        boolean force = fsyncIntervalNanos == 0 || started - lastForceNanos >= fsyncIntervalNanos;
        try {
            firstOffset = log.appendBatch(accepted, force);
        } catch (WalClosedException e) {
            accepted.forEach(append -> append.result().completeExceptionally(e));
            return;
        } catch (IOException | RuntimeException e) {
            failure = e;
            LOG.error("Metadata WAL: write or force of {} record(s) failed; the WAL refuses appends until reopened",
                    accepted.size(), e);
            IOException batchFailure = new IOException("Metadata WAL write or force failed: " + e, e);
            accepted.forEach(append -> append.result().completeExceptionally(batchFailure));
            return;
        }
        if (force) {
            lastForceNanos = System.nanoTime();
            meters.forced(accepted.size(), lastForceNanos - started);
        }
        unforcedWrites = !force;
        for (int i = 0; i < accepted.size(); i++) {
            accepted.get(i).result().complete(firstOffset + i);
        }
    }

    /** Forces records that were acknowledged unforced, once the interval has passed. */
    private void forceAfterInterval() {
        if (failure != null) {
            return;
        }
        try {
            log.forceWritten();
            lastForceNanos = System.nanoTime();
            unforcedWrites = false;
        } catch (WalClosedException e) {
            unforcedWrites = false;
        } catch (IOException | RuntimeException e) {
            failure = e;
            unforcedWrites = false;
            LOG.error("Metadata WAL: the interval force failed; records acknowledged in the last interval may be"
                    + " lost, and the WAL refuses appends until reopened", e);
        }
    }

    /** Fails the appends whose epoch is older than the record before them; they take no offset. */
    private List<PendingAppend> rejectStaleEpochs(List<PendingAppend> batch) {
        long epoch = log.lastEpoch();
        List<PendingAppend> accepted = new ArrayList<>(batch.size());
        for (PendingAppend append : batch) {
            if (append.epoch() < epoch) {
                append.result().completeExceptionally(new IllegalArgumentException("epoch " + append.epoch()
                        + " is older than the epoch " + epoch + " of the record before it"));
            } else {
                epoch = append.epoch();
                accepted.add(append);
            }
        }
        return accepted;
    }

    private static IOException refusal(Throwable cause) {
        return new IOException("Metadata WAL refuses appends: an earlier write or force failed (" + cause
                + "), so what reached the disk is unknown; reopen the WAL to recover", cause);
    }
}
