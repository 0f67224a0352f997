package io.quire.core.engine;

import io.quire.core.status.QuorumState;
import io.quire.spi.consensus.NotLeaderException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * The leader's count of which records each member has made durable: for {@code metadata.acks=quorum}
 * a write is answered once the quorum end passes its offset, and the same counts give each
 * follower's lag and the quorum view that DescribeQuorum reports.
 *
 * <p>Each leadership starts from nothing: acknowledgements are about the current leader's log.
 */
final class QuorumAcks {

    private final int localId;
    private Set<Integer> members = Set.of();
    private final Map<Integer, Long> durableEnds = new HashMap<>();
    /** When each follower last acknowledged, and last held every record the leader had. */
    private final Map<Integer, Acknowledgements> followers = new HashMap<>();
    /** When this leadership began (ms); the lag time of a follower never caught up counts from it. */
    private long ledSince;
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
            clearCounts();
            durableEnds.put(localId, localEnd);
            ledSince = System.currentTimeMillis();
        }
        fail(dropped, "leadership changed before a quorum acknowledged the record");
    }

    /** This node no longer leads: nothing it wrote can be counted any more. */
    void stopLeading(String why) {
        List<CompletableFuture<Void>> dropped;
        synchronized (this) {
            dropped = drain();
            members = Set.of();
            clearCounts();
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
            long end = durableEnds.merge(memberId, endOffset, Math::max);
            if (memberId != localId) {
                followers.computeIfAbsent(memberId, id -> new Acknowledgements())
                        .acknowledged(end, durableEnds.get(localId), System.currentTimeMillis());
            }
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

    /** Records the leader holds that {@code memberId} has not acknowledged; NaN while this node does not lead. */
    synchronized double lagRecords(int memberId) {
        if (members.isEmpty()) {
            return Double.NaN;
        }
        return Math.max(0, durableEnds.get(localId) - durableEnds.getOrDefault(memberId, 0L));
    }

    /**
     * How long {@code memberId} has lacked records the leader holds: 0 while it holds them all;
     * NaN while this node does not lead.
     */
    synchronized double lagMillis(int memberId, long now) {
        if (members.isEmpty()) {
            return Double.NaN;
        }
        if (durableEnds.getOrDefault(memberId, -1L) >= durableEnds.get(localId)) {
            return 0;
        }
        Acknowledgements acks = followers.get(memberId);
        return Math.max(0, now - (acks == null || acks.lastCaughtUp < 0 ? ledSince : acks.lastCaughtUp));
    }

    /**
     * The quorum as this leader sees it, for DescribeQuorum; empty while it does not lead. A follower
     * that holds every record the leader holds counts as caught up now: followers acknowledge only
     * when records flow, so an idle cluster would otherwise look as if it fell behind.
     */
    synchronized Optional<QuorumState> state(long epoch, long now) {
        if (members.isEmpty()) {
            return Optional.empty();
        }
        long leaderEnd = durableEnds.get(localId);
        List<QuorumState.Replica> voters = new ArrayList<>();
        voters.add(new QuorumState.Replica(localId, leaderEnd, now, now));
        for (int member : new TreeSet<>(members)) {
            if (member == localId) {
                continue;
            }
            long end = durableEnds.getOrDefault(member, -1L);
            Acknowledgements acks = followers.getOrDefault(member, new Acknowledgements());
            long caughtUp = end >= leaderEnd ? now : acks.lastCaughtUp;
            voters.add(new QuorumState.Replica(member, end, acks.lastAck, caughtUp));
        }
        return Optional.of(new QuorumState(localId, epoch, Math.max(0, quorumEnd()), voters));
    }

    private void clearCounts() {
        durableEnds.clear();
        followers.clear();
    }

    /**
     * One follower's acknowledgements, timed as Kafka's Raft leader times a voter's fetches: a
     * follower is caught up when it acknowledges the leader's end, or, under a stream of writes
     * that it never quite reaches, when it acknowledges the end the leader had at its previous
     * acknowledgement (it was caught up then).
     */
    private static final class Acknowledgements {
        long lastAck = -1;
        long leaderEndAtLastAck = -1;
        long lastCaughtUp = -1;

        void acknowledged(long end, long leaderEnd, long now) {
            if (end >= leaderEnd) {
                lastCaughtUp = Math.max(lastCaughtUp, now);
            } else if (leaderEndAtLastAck >= 0 && end >= leaderEndAtLastAck) {
                lastCaughtUp = Math.max(lastCaughtUp, lastAck);
            }
            leaderEndAtLastAck = leaderEnd;
            lastAck = now;
        }
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
