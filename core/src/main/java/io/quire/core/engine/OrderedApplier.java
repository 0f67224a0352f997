package io.quire.core.engine;

import io.quire.api.command.MetadataCommand;
import io.quire.api.result.CommandResult;
import io.quire.spi.statemachine.StateMachine;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;

/**
 * Applies durable commands to the state machine strictly in offset order, whatever order their
 * appends complete in, and wakes each command's waiter once it is applied.
 *
 * <p>The lock covers only the in-memory apply; waiters (and the applied-offset listener) are called
 * after it is released, so that their callbacks never run under it.
 */
final class OrderedApplier {

    private final StateMachine stateMachine;
    private final LongConsumer appliedUpTo;
    private final ReentrantLock lock = new ReentrantLock();
    private final TreeMap<Long, Durable> durable = new TreeMap<>();
    private long nextOffset;

    /** @param appliedUpTo told the last applied offset each time commands were applied */
    OrderedApplier(StateMachine stateMachine, long nextOffset, LongConsumer appliedUpTo) {
        this.stateMachine = stateMachine;
        this.appliedUpTo = appliedUpTo;
        this.nextOffset = nextOffset;
    }

    /**
     * Records that the command at {@code offset} is durable and applies every command that is now
     * next in order.
     *
     * @param waiter completed with the command's result once applied; {@code null} when nobody waits
     */
    void durable(long offset, MetadataCommand command, CompletableFuture<CommandResult> waiter) {
        List<Runnable> wakeUps = new ArrayList<>();
        long lastApplied = -1;
        lock.lock();
        try {
            if (offset < nextOffset) {
                throw new IllegalStateException("offset " + offset + " is already applied (next is " + nextOffset + ")");
            }
            durable.put(offset, new Durable(command, waiter));
            while (!durable.isEmpty() && durable.firstKey() == nextOffset) {
                Durable next = durable.pollFirstEntry().getValue();
                CommandResult result = stateMachine.apply(nextOffset, next.command());
                lastApplied = nextOffset;
                nextOffset++;
                if (next.waiter() != null) {
                    wakeUps.add(() -> next.waiter().complete(result));
                }
            }
        } finally {
            lock.unlock();
        }
        wakeUps.forEach(Runnable::run);
        if (lastApplied >= 0) {
            appliedUpTo.accept(lastApplied);
        }
    }

    /** Runs {@code task} while no command is being applied, for a consistent view of the state. */
    <T> T whileQuiescent(Callable<T> task) throws Exception {
        lock.lock();
        try {
            return task.call();
        } finally {
            lock.unlock();
        }
    }

    private record Durable(MetadataCommand command, CompletableFuture<CommandResult> waiter) {}
}
