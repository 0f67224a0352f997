package io.quire.bench.wal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor under every WAL built around one writer thread, with no I/O at all: appenders queue a
 * future under a lock and wait on it, one thread takes everything queued and completes it, as the
 * {@code file} WAL's group-commit writer does. What this costs per append (a wake-up of the writer,
 * a wake-up of each waiting appender) is what a WAL adds to the disk's force at best, and with many
 * appenders it bounds records/s however well the forces are shared: completing a batch wakes its
 * appenders one by one, on the writer thread.
 *
 * <p>{@code -t 1} gives the round trip of one hand-off; {@code -t 64} with {@code -bm thrpt} the
 * most appends per second the hand-off alone allows on this machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class HandOffBenchmark {

    private final Object queueLock = new Object();
    private List<CompletableFuture<Long>> queue = new ArrayList<>();
    private boolean closed;
    private Thread writer;

    @Setup
    public void start() {
        writer = new Thread(this::completeBatches, "hand-off-writer");
        writer.start();
    }

    @Benchmark
    public long handOff() {
        CompletableFuture<Long> result = new CompletableFuture<>();
        synchronized (queueLock) {
            queue.add(result);
            queueLock.notifyAll();
        }
        return result.join();
    }

    @TearDown
    public void stop() throws InterruptedException {
        synchronized (queueLock) {
            closed = true;
            queueLock.notifyAll();
        }
        writer.join();
    }

    private void completeBatches() {
        long offset = 0;
        while (true) {
            List<CompletableFuture<Long>> batch;
            synchronized (queueLock) {
                while (queue.isEmpty() && !closed) {
                    try {
                        queueLock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (queue.isEmpty()) {
                    return;
                }
                batch = queue;
                queue = new ArrayList<>();
            }
            for (CompletableFuture<Long> result : batch) {
                result.complete(offset++);
            }
        }
    }
}
