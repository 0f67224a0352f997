package io.quire.campaigns.history;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Every operation of a campaign run, from every client, in the order they ended. */
public final class History {

    private final List<Operation> operations = new ArrayList<>();
    private final AtomicLong sequence = new AtomicLong();

    /** The next operation's sequence number, taken when it is sent. */
    public long next() {
        return sequence.getAndIncrement();
    }

    public synchronized void record(Operation operation) {
        operations.add(operation);
    }

    public synchronized List<Operation> operations() {
        return List.copyOf(operations);
    }

    /** How many operations ended each way. */
    public synchronized Map<Outcome, Long> outcomes() {
        Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
        for (Outcome outcome : Outcome.values()) {
            counts.put(outcome, 0L);
        }
        operations.forEach(op -> counts.merge(op.outcome(), 1L, Long::sum));
        return counts;
    }
}
