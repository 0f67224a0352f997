package io.quire.wal.mapdb;

import io.quire.spi.wal.WalClosedException;
import io.quire.spi.wal.WalForceMeters;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The WAL's only writer thread. Each turn it takes every append queued so far, has the log put
 * them at dense offsets in queue order and commit them once, and then completes their futures in
 * offset order: many concurrent appenders share one MapDB commit.
 *
 * <p>When the commit fails, the batch's appends fail with the cause, and so does every later one
 * (the log refuses them), until the WAL is reopened.
 */
final class GroupCommitWriter implements AutoCloseable {

    static final String THREAD_NAME = "quire-wal-mapdb-writer";

    private final MapDbLog log;
    private final WalForceMeters meters;
    private final Thread thread;
    private final Object queueLock = new Object();
    private List<PendingAppend> queue = new ArrayList<>();
    private boolean closed;

    private GroupCommitWriter(MapDbLog log, WalForceMeters meters) {
        this.log = log;
        this.meters = meters;
        this.thread = new Thread(this::run, THREAD_NAME);
        // A WAL the node forgot to close must not keep the JVM alive; closing it drains the queue.
        this.thread.setDaemon(true);
    }

    static GroupCommitWriter start(MapDbLog log, WalForceMeters meters) {
        GroupCommitWriter writer = new GroupCommitWriter(log, meters);
        writer.thread.start();
        return writer;
    }

    /** Queues an append; its future completes once the record's commit is durable, or fails. */
    CompletableFuture<Long> submit(long epoch, byte[] payload) {
        CompletableFuture<Long> result = new CompletableFuture<>();
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
            writeBatch(batch);
        }
    }

    /** Every append queued so far, or null once closed and drained. */
    private List<PendingAppend> awaitBatch() {
        synchronized (queueLock) {
            while (queue.isEmpty() && !closed) {
                try {
                    queueLock.wait();
                } catch (InterruptedException e) {
                    // Only this class owns the thread; closing, not interrupting, is how it stops.
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
        List<PendingAppend> accepted = rejectStaleEpochs(batch);
        if (accepted.isEmpty()) {
            return;
        }
        long firstOffset;
        long started = System.nanoTime();
        try {
            firstOffset = log.appendBatch(accepted);
        } catch (IOException | RuntimeException e) {
            accepted.forEach(append -> append.result().completeExceptionally(e));
            return;
        }
        meters.forced(accepted.size(), System.nanoTime() - started);
        for (int i = 0; i < accepted.size(); i++) {
            accepted.get(i).result().complete(firstOffset + i);
        }
    }

    /** Fails the appends whose epoch is older than the record before them; they take no offset. */
    private List<PendingAppend> rejectStaleEpochs(List<PendingAppend> batch) {
        long epoch = log.state().lastEpoch();
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
}
