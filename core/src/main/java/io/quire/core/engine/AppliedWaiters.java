package io.quire.core.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Futures waiting for this node's state machine to apply a given offset: how a follower answers a
 * write only once the leader's record has reached its own state (the seed's pending-topic waiters).
 */
final class AppliedWaiters {

    private final LongSupplier appliedOffset;
    private final TreeMap<Long, List<CompletableFuture<Void>>> waiting = new TreeMap<>();

    AppliedWaiters(LongSupplier appliedOffset) {
        this.appliedOffset = appliedOffset;
    }

    /** Completes once the command at {@code offset} is applied; the caller bounds the wait. */
    CompletableFuture<Void> await(long offset) {
        CompletableFuture<Void> applied = new CompletableFuture<>();
        synchronized (this) {
            if (appliedOffset.getAsLong() < offset) {
                waiting.computeIfAbsent(offset, ignored -> new ArrayList<>()).add(applied);
                applied.whenComplete((done, error) -> forget(offset, applied));
                return applied;
            }
        }
        applied.complete(null);
        return applied;
    }

    /** The state machine has applied everything up to {@code offset}: wake who waited for it. */
    void appliedUpTo(long offset) {
        List<CompletableFuture<Void>> due = new ArrayList<>();
        synchronized (this) {
            Map<Long, List<CompletableFuture<Void>>> head = waiting.headMap(offset, true);
            head.values().forEach(due::addAll);
            head.clear();
        }
        due.forEach(waiter -> waiter.complete(null));
    }

    private synchronized void forget(long offset, CompletableFuture<Void> waiter) {
        List<CompletableFuture<Void>> atOffset = waiting.get(offset);
        if (atOffset != null && atOffset.remove(waiter) && atOffset.isEmpty()) {
            waiting.remove(offset);
        }
    }
}
