package io.quire.bench.wal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Runs an asynchronous operation in a closed loop of N chains, with no thread per caller: each
 * chain starts its next operation from the completion callback of the previous one. Like
 * {@link BlockingLoop}, never more than N operations are in flight, but a completion wakes no
 * thread; it runs the callback where the operation completed (for a WAL, on its writer thread).
 * That is how the core's fast path uses the WAL (it attaches a callback to the append and answers
 * the client from it), and it shows what a WAL's group commit does without the cost of N blocked
 * threads being woken one by one.
 *
 * <p>The warm-up, the measured window and what counts are as in {@link BlockingLoop}. A chain ends
 * at its first completion after the window, or at its first failure, which the run then reports.
 * The operation must complete later than it is started (as a durable append does, after a force):
 * one that completed at once would run the whole chain on the caller's stack.
 */
final class CallbackLoop {

    /** Starts an operation and returns what completes when it is done, for example an append. */
    @FunctionalInterface
    interface AsyncOperation {
        CompletableFuture<?> start();
    }

    private final AsyncOperation operation;
    private final long measureFrom;
    private final long measureUntil;
    private final ConcurrentHistogram latencies = new ConcurrentHistogram(LoopResult.HIGHEST_TRACKABLE_NANOS, 3);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final CountDownLatch ended;

    private CallbackLoop(AsyncOperation operation, int chains, long measureFrom, long measureUntil) {
        this.operation = operation;
        this.measureFrom = measureFrom;
        this.measureUntil = measureUntil;
        this.ended = new CountDownLatch(chains);
    }

    /**
     * Runs {@code chains} chains of {@code operation} through {@code warmup}, then measures them for
     * {@code measure}, and waits until every chain has ended.
     *
     * @throws ExecutionException when an operation failed
     */
    static LoopResult run(int chains, Duration warmup, Duration measure, AsyncOperation operation)
            throws InterruptedException, ExecutionException {
        long from = System.nanoTime() + warmup.toNanos();
        CallbackLoop loop = new CallbackLoop(operation, chains, from, from + measure.toNanos());
        for (int i = 0; i < chains; i++) {
            loop.next();
        }
        loop.ended.await();
        Throwable failed = loop.failure.get();
        if (failed != null) {
            throw new ExecutionException(failed);
        }
        return new LoopResult(loop.latencies, measure);
    }

    private void next() {
        long start = System.nanoTime();
        if (start >= measureUntil || failure.get() != null) {
            ended.countDown();
            return;
        }
        operation.start().whenComplete((result, error) -> {
            long end = System.nanoTime();
            if (error != null) {
                failure.compareAndSet(null, error);
                ended.countDown();
                return;
            }
            if (LoopResult.inWindow(start, end, measureFrom, measureUntil)) {
                latencies.recordValue(Math.min(end - start, LoopResult.HIGHEST_TRACKABLE_NANOS));
            }
            next();
        });
    }
}
