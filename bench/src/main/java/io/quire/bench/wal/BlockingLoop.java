package io.quire.bench.wal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * Runs one blocking operation in a closed loop on N threads: each thread starts its next operation
 * only when the previous one has returned, as Kafka clients each waiting for their answer do. With
 * N callers there are never more than N operations in flight, and every completion wakes a thread.
 *
 * <p>All threads run through a warm-up and then a measured window, both of fixed length and shared
 * by every thread. An operation counts when it starts and ends inside the measured window; its
 * latency (start to return) goes into the thread's own histogram, and the histograms are merged at
 * the end. Counting by the window rather than by a number of operations keeps the run's length
 * independent of how fast the code under test is.
 */
public final class BlockingLoop {

    /** A blocking operation whose latency is measured, for example an append and its wait. */
    @FunctionalInterface
    public interface Operation {
        void run() throws Exception;
    }

    private BlockingLoop() {}

    /**
     * Runs {@code operation} on {@code threads} threads through {@code warmup}, then measures it for
     * {@code measure}.
     *
     * @throws ExecutionException when the operation threw on some thread; that thread stops at once
     */
    public static LoopResult run(String name, int threads, Duration warmup, Duration measure, Operation operation)
            throws InterruptedException, ExecutionException {
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads,
                task -> new Thread(task, name + "-" + threadNumber.incrementAndGet()));
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            long[] window = new long[2];
            List<Future<Histogram>> loops = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                loops.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return loop(window[0], window[1], operation);
                }));
            }
            ready.await();
            window[0] = System.nanoTime() + warmup.toNanos();
            window[1] = window[0] + measure.toNanos();
            // The latch publishes the window to the threads.
            go.countDown();
            Histogram merged = new Histogram(LoopResult.HIGHEST_TRACKABLE_NANOS, 3);
            for (Future<Histogram> loop : loops) {
                merged.add(loop.get());
            }
            return new LoopResult(merged, measure);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Histogram loop(long measureFrom, long measureUntil, Operation operation) throws Exception {
        Histogram latencies = new Histogram(LoopResult.HIGHEST_TRACKABLE_NANOS, 3);
        while (true) {
            long start = System.nanoTime();
            if (start >= measureUntil) {
                return latencies;
            }
            operation.run();
            long end = System.nanoTime();
            if (LoopResult.inWindow(start, end, measureFrom, measureUntil)) {
                latencies.recordValue(Math.min(end - start, LoopResult.HIGHEST_TRACKABLE_NANOS));
            }
        }
    }
}
