package io.quire.core.engine;

import io.quire.core.status.NodeStatus;
import io.quire.core.status.Progress;
import io.quire.core.status.QuorumState;
import io.quire.core.status.Role;
import io.quire.spi.consensus.Consensus;
import io.quire.spi.consensus.Leadership;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this node reports of itself and of the quorum: its status and readiness (for
 * {@code /health/ready} and {@code quire status}), where the leader's log ends as it last heard,
 * and the leader's quorum view (for DescribeQuorum), asking other members through consensus.
 */
final class NodeReports {

    private static final Logger log = LoggerFactory.getLogger(NodeReports.class);
    /** How often a follower asks the leader where its log ends, at most (for its readiness). */
    private static final Duration LEADER_END_REFRESH = Duration.ofSeconds(1);
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(2);

    private final MetadataEngine engine;
    private final Consensus consensus;
    private final LeadershipTransitions leadership;
    private final QuorumAcks quorumAcks;
    private final LongWork longWork;
    /** True without a metadata WAL: the consensus log carries every write and the leader needs no takeover. */
    private final boolean consensusLogOrdersWrites;
    private final int nodeId;
    /** Where the leader's log ends as this node last heard; -1 when not heard in this leadership. */
    private volatile long leaderEndHeard = -1;
    private volatile long leaderEndAskedNanos = System.nanoTime() - LEADER_END_REFRESH.toNanos();

    NodeReports(MetadataEngine engine, Consensus consensus, LeadershipTransitions leadership, QuorumAcks quorumAcks,
            LongWork longWork, boolean consensusLogOrdersWrites) {
        this.engine = engine;
        this.consensus = consensus;
        this.leadership = leadership;
        this.quorumAcks = quorumAcks;
        this.longWork = longWork;
        this.consensusLogOrdersWrites = consensusLogOrdersWrites;
        this.nodeId = engine.nodeId();
    }

    /** What this node knows of itself: role, offsets, readiness and the long work in progress. */
    NodeStatus status() {
        Leadership current = leadership.current();
        List<Progress> work = longWork.progress();
        List<Progress> blocking = longWork.blockingReadiness();
        long applied = engine.appliedOffset();
        long end = engine.endOffset();
        if (current.leaderId().isEmpty()) {
            return new NodeStatus(nodeId, Role.UNKNOWN, current.epoch(), -1, end, applied, -1, work, false,
                    "no leader is known in epoch " + current.epoch());
        }
        int leaderId = current.leaderId().getAsInt();
        if (current.isLocalLeader()) {
            boolean takesWrites = consensusLogOrdersWrites || leadership.takesWrites();
            return new NodeStatus(nodeId, takesWrites ? Role.LEADER : Role.TAKING_OVER, current.epoch(), leaderId,
                    end, applied, end, work, takesWrites && blocking.isEmpty(), !blocking.isEmpty() ? busy(blocking)
                    : takesWrites ? "leads epoch " + current.epoch() + " and takes writes"
                    : "elected in epoch " + current.epoch() + ", fetching what it lacks before it takes writes");
        }
        refreshLeaderEnd(leaderId, current.epoch());
        long leaderEnd = leaderEndHeard;
        String reason;
        boolean ready = false;
        if (!blocking.isEmpty()) {
            reason = busy(blocking);
        } else if (leaderEnd < 0) {
            reason = "has not yet heard where the log of leader " + leaderId + " ends";
        } else if (applied + 1 < leaderEnd) {
            reason = "applied up to offset " + applied + "; the log of leader " + leaderId + " ends at " + leaderEnd;
        } else {
            ready = true;
            reason = "follows leader " + leaderId + " and has applied everything it was last heard to hold";
        }
        return new NodeStatus(nodeId, Role.FOLLOWER, current.epoch(), leaderId, end, applied, leaderEnd, work, ready,
                reason);
    }

    /** The status of member {@code memberId}, asked through consensus (this node's own without asking). */
    CompletableFuture<NodeStatus> statusOf(int memberId) {
        if (memberId == nodeId) {
            return CompletableFuture.completedFuture(status());
        }
        return consensus.ask(memberId, LogQuestions.askStatus())
                .orTimeout(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(LogQuestions::status);
    }

    /**
     * The leader's view of the quorum (DescribeQuorum): this node's own when it leads, the leader's
     * otherwise; when the leader cannot be asked (the static plugin has no channel to it), what this
     * node knows itself. Empty when no leader is known.
     */
    CompletableFuture<Optional<QuorumState>> quorumState() {
        Leadership current = leadership.current();
        if (current.isLocalLeader() || current.leaderId().isEmpty()) {
            return CompletableFuture.completedFuture(localQuorumState());
        }
        return consensus.ask(current.leaderId().getAsInt(), LogQuestions.askQuorum())
                .orTimeout(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(LogQuestions::quorum)
                .exceptionally(error -> {
                    log.debug("Asking leader {} for its quorum view failed: {}", current.leaderId().getAsInt(),
                            MetadataEngine.unwrap(error).toString());
                    return Optional.of(followerQuorumView(current));
                });
    }

    /** The quorum as this node sees it when it leads; empty otherwise. */
    Optional<QuorumState> localQuorumState() {
        Leadership current = leadership.current();
        if (!current.isLocalLeader()) {
            return Optional.empty();
        }
        if (consensusLogOrdersWrites) {
            // The consensus log carries every write: followers' progress is the consensus plugin's.
            return Optional.of(followerQuorumView(current));
        }
        return quorumAcks.state(current.epoch(), System.currentTimeMillis());
    }

    /** What a node knows of the quorum without the leader: the leader, the epoch, and its own end. */
    private QuorumState followerQuorumView(Leadership current) {
        long end = engine.endOffset();
        List<QuorumState.Replica> voters = new ArrayList<>();
        for (int member : new TreeSet<>(consensus.members())) {
            voters.add(member == nodeId ? new QuorumState.Replica(member, end, System.currentTimeMillis(), -1)
                    : new QuorumState.Replica(member, -1, -1, -1));
        }
        long highWatermark = current.isLocalLeader() ? end : Math.max(0, leaderEndHeard);
        return new QuorumState(current.leaderId().orElse(-1), current.epoch(), highWatermark, voters);
    }

    private static String busy(List<Progress> work) {
        Progress first = work.get(0);
        return first.task() + " (" + first.done() + (first.total() >= 0 ? " of " + first.total() : "") + " "
                + first.unit() + ")";
    }

    /** A follower asks the leader where its log ends, at most once a second, without waiting for the answer. */
    private void refreshLeaderEnd(int leaderId, long epoch) {
        long now = System.nanoTime();
        if (now - leaderEndAskedNanos < LEADER_END_REFRESH.toNanos()) {
            return;
        }
        leaderEndAskedNanos = now;
        consensus.ask(leaderId, LogQuestions.askStatus())
                .orTimeout(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(LogQuestions::status)
                .whenComplete((leader, error) -> {
                    if (error == null && leader.role() == Role.LEADER && leader.epoch() == epoch) {
                        heardLeaderEnd(epoch, leader.endOffset());
                    }
                });
    }

    /** The leader of {@code epoch} was heard to hold records below {@code endOffset}. */
    synchronized void heardLeaderEnd(long epoch, long endOffset) {
        if (leadership.current().epoch() == epoch && endOffset > leaderEndHeard) {
            leaderEndHeard = endOffset;
        }
    }

    /** A new leadership: what was heard of the previous leader's log no longer counts. */
    synchronized void forgetLeaderEnd() {
        leaderEndHeard = -1;
        leaderEndAskedNanos = System.nanoTime() - LEADER_END_REFRESH.toNanos();
    }
}
