package io.quire.core.engine;

import io.quire.spi.consensus.NotLeaderException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The leader's count of which records a majority of the members has made durable, for
 * {@code metadata.acks=quorum}: a write is answered once the quorum end passes its offset.
 *
 * <p>Each leadership starts from nothing: acknowledgements are about the current leader's log.
 */
final class QuorumAcks {

    private final int localId;
    private Set<Integer> members = Set.of();
    private final Map<Integer, Long> durableEnds = new HashMap<>();
    private final TreeMap<Long, List<CompletableFuture<Void>>> waiting = new TreeMap<>();

    QuorumAcks(int localId) {
        this.localId = localId;
    }

    /** A new leadership of this node over {@code members}; what waited before fails. */
    void lead(Set<Integer> newMembers, long localEnd) {
        List<CompletableFuture<Void>> dropped;
        synchronized (this) {
            dropped = drain();
            members = Set.copyOf(newMembers);
            durableEnds.clear();
            durableEnds.put(localId, localEnd);
        }
        fail(dropped, "leadership changed before a quorum acknowledged the record");
    }

    /** This node no longer leads: nothing it wrote can be counted any more. */
    void stopLeading(String why) {
        List<CompletableFuture<Void>> dropped;
        synchronized (this) {
            dropped = drain();
            members = Set.of();
            durableEnds.clear();
        }
        fail(dropped, why);
    }

    /** Completes once a majority holds every record below {@code endOffset}. */
    CompletableFuture<Void> await(long endOffset) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        synchronized (this) {
            if (members.isEmpty()) {
                acked.completeExceptionally(new NotLeaderException("this node does not lead"));
                return acked;
            }
            if (quorumEnd() < endOffset) {
                waiting.computeIfAbsent(endOffset, ignored -> new ArrayList<>()).add(acked);
                return acked;
            }
        }
        acked.complete(null);
        return acked;
    }

    /** {@code memberId} (the leader itself included) holds every record below {@code endOffset}. */
    void durable(int memberId, long endOffset) {
        List<CompletableFuture<Void>> due = new ArrayList<>();
        synchronized (this) {
            if (!members.contains(memberId)) {
                return;
            }
            durableEnds.merge(memberId, endOffset, Math::max);
            if (waiting.isEmpty()) {
                // Every write of the leader passes here; with metadata.acks=leader nobody waits.
                return;
            }
            Map<Long, List<CompletableFuture<Void>>> head = waiting.headMap(quorumEnd(), true);
            head.values().forEach(due::addAll);
            head.clear();
        }
        due.forEach(waiter -> waiter.complete(null));
    }

    /** The highest end offset that a majority of the members has reached. */
    private long quorumEnd() {
        int majority = members.size() / 2 + 1;
        List<Long> ends = new ArrayList<>(durableEnds.values());
        if (ends.size() < majority) {
            return -1;
        }
        ends.sort(null);
        return ends.get(ends.size() - majority);
    }

    private List<CompletableFuture<Void>> drain() {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        waiting.values().forEach(all::addAll);
        waiting.clear();
        return all;
    }

    private static void fail(List<CompletableFuture<Void>> waiters, String why) {
        waiters.forEach(waiter -> waiter.completeExceptionally(new NotLeaderException(why)));
    }
}
