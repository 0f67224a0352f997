package io.quire.tck.wal;

import java.time.Duration;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs a rule's concurrent parts, each on its own thread, and waits for all of them within a bound. */
final class Workers {

    /** The body of worker {@code index}. */
    @FunctionalInterface
    interface Work {
        void run(int index) throws Exception;
    }

    private Workers() {}

    /**
     * Runs {@code work} as {@code count} workers and returns once all finished. The first failure is
     * rethrown as soon as it happens (an {@link AssertionError} as it is, anything else wrapped in
     * one naming the rule), and the other workers are interrupted.
     */
    static void run(WalRule rule, int count, Duration timeout, Work work) throws InterruptedException {
        ExecutorService threads = Executors.newFixedThreadPool(count);
        try {
            CompletionService<Integer> finished = new ExecutorCompletionService<>(threads);
            for (int i = 0; i < count; i++) {
                int index = i;
                finished.submit(() -> {
                    work.run(index);
                    return index;
                });
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            for (int done = 0; done < count; done++) {
                Future<Integer> worker = finished.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (worker == null) {
                    throw new AssertionError(rule.that("%d of %d workers did not finish within %s", count - done,
                            count, timeout));
                }
                rethrowFailure(rule, worker);
            }
        } finally {
            threads.shutdownNow();
            threads.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static void rethrowFailure(WalRule rule, Future<Integer> worker) throws InterruptedException {
        try {
            worker.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AssertionError failed) {
                throw failed;
            }
            throw new AssertionError(rule.that("a worker failed: %s", e.getCause()), e.getCause());
        }
    }
}
