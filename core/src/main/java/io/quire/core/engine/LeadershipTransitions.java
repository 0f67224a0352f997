package io.quire.core.engine;

import io.quire.spi.consensus.Consensus;
import io.quire.spi.consensus.Leadership;
import io.quire.spi.consensus.NotLeaderException;
import java.io.IOException;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's leadership as consensus reports it: each newer leadership is recorded and told to the
 * replication transport; a newly elected leader catches up ({@link LeaderTakeover}) on its own
 * thread and only then takes writes ({@link #writable()}).
 */
final class LeadershipTransitions {

    /** Under the engine's name: operators and tests grep the engine's log lines, logger included. */
    private static final Logger log = LoggerFactory.getLogger(MetadataEngine.class);
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration TAKEOVER_RETRY = Duration.ofMillis(500);

    private final MetadataEngine engine;
    private final Consensus consensus;
    private final FollowerSide followerSide;
    private final QuorumAcks quorumAcks;
    private final EngineOptions options;
    private final EngineMeters meters;
    /** True without a metadata WAL, the consensus log being the metadata log. */
    private final boolean consensusLogOrdersWrites;
    private final ExecutorService takeovers =
            Executors.newSingleThreadExecutor(MetadataEngine.daemon("quire-leader-takeover"));
    /** Orders what the transport hears of leadership between consensus events and takeovers. */
    private final Object leadershipLock = new Object();
    private volatile Leadership leadership;
    /** Completes once this node leads and has caught up; fails while it does not lead. */
    private volatile CompletableFuture<Void> writable = notLeading("leadership is not known yet");

    LeadershipTransitions(MetadataEngine engine, Consensus consensus, FollowerSide followerSide, QuorumAcks quorumAcks,
            EngineOptions options, boolean consensusLogOrdersWrites, EngineMeters meters) {
        this.engine = engine;
        this.consensus = consensus;
        this.followerSide = followerSide;
        this.quorumAcks = quorumAcks;
        this.options = options;
        this.consensusLogOrdersWrites = consensusLogOrdersWrites;
        this.meters = meters;
        this.leadership = Leadership.unknown(engine.nodeId());
    }

    /** The newest leadership this node knows of. */
    Leadership current() {
        return leadership;
    }

    /** Completes once this node leads and has caught up; fails while it does not lead. */
    CompletableFuture<Void> writable() {
        return writable;
    }

    /** Whether this node leads and has caught up, so that it takes writes. */
    boolean takesWrites() {
        CompletableFuture<Void> now = writable;
        return now.isDone() && !now.isCompletedExceptionally();
    }

    /** Consensus reports {@code next}; an older leadership than the one known is ignored. */
    void changed(Leadership next) {
        synchronized (leadershipLock) {
            change(next);
        }
    }

    /** Runs {@code task} on the takeover thread after a pause, unless this node is closing. */
    void retryLater(Runnable task) {
        if (!takeovers.isShutdown()) {
            takeovers.execute(() -> {
                sleepQuietly(TAKEOVER_RETRY);
                task.run();
            });
        }
    }

    /** Stops a takeover in progress. */
    void close() {
        takeovers.shutdownNow();
    }

    private void change(Leadership next) {
        Leadership previous = leadership;
        if (next.epoch() < previous.epoch()) {
            log.warn("Ignoring leadership of epoch {}: epoch {} is known", next.epoch(), previous.epoch());
            return;
        }
        if (next.equals(previous)) {
            return;
        }
        leadership = next;
        engine.reports().forgetLeaderEnd();
        followerSide.leadershipChanged();
        meters.leadershipChanged();
        int nodeId = engine.nodeId();
        log.info("Leadership: epoch {}, leader {}, this node {} is {}", next.epoch(),
                next.leaderId().isPresent() ? next.leaderId().getAsInt() : "unknown", nodeId,
                next.isLocalLeader() ? "the leader" : "a follower");
        if (consensusLogOrdersWrites) {
            // The consensus log orders every write: nothing to catch up, nothing to ship.
            return;
        }
        CompletableFuture<Void> before = writable;
        if (next.isLocalLeader()) {
            CompletableFuture<Void> ready = new CompletableFuture<>();
            writable = ready;
            before.completeExceptionally(new NotLeaderException("a newer leadership began"));
            // Follow nobody while catching up: the log must not change under the takeover.
            options.transport().ifPresent(transport -> transport.leadershipChanged(
                    new Leadership(next.epoch(), OptionalInt.empty(), nodeId)));
            takeovers.execute(() -> takeOver(next, ready));
            return;
        }
        String why = next.leaderId().isPresent()
                ? "node " + next.leaderId().getAsInt() + " leads epoch " + next.epoch()
                : "no leader is known in epoch " + next.epoch();
        writable = notLeading(why);
        before.completeExceptionally(new NotLeaderException(why));
        quorumAcks.stopLeading(why);
        options.transport().ifPresent(transport -> transport.leadershipChanged(next));
    }

    /** Catches up as the new leader of {@code elected}, then takes writes; retries until it no longer leads. */
    private void takeOver(Leadership elected, CompletableFuture<Void> ready) {
        LeaderTakeover takeover = new LeaderTakeover(engine, consensus, followerSide, ASK_TIMEOUT);
        while (leadership.equals(elected)) {
            try {
                takeover.catchUp(elected.epoch(), () -> leadership.equals(elected));
                synchronized (leadershipLock) {
                    if (!leadership.equals(elected)) {
                        break;
                    }
                    quorumAcks.lead(consensus.members(), engine.wal().endOffset());
                    consensus.members().stream().filter(member -> member != engine.nodeId())
                            .forEach(member -> meters.follower(member, quorumAcks));
                    options.transport().ifPresent(transport -> transport.leadershipChanged(elected));
                    log.info("Phase 2: Leader of epoch {} takes writes: its log ends at {}", elected.epoch(),
                            engine.logPosition());
                    ready.complete(null);
                }
                engine.registerSelf();
                return;
            } catch (IOException | RuntimeException e) {
                log.warn("Leader of epoch {} could not catch up yet, retrying in {} ms: {}", elected.epoch(),
                        TAKEOVER_RETRY.toMillis(), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            try {
                Thread.sleep(TAKEOVER_RETRY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        ready.completeExceptionally(new NotLeaderException("node " + engine.nodeId() + " no longer leads epoch "
                + elected.epoch()));
    }

    private static CompletableFuture<Void> notLeading(String why) {
        return CompletableFuture.failedFuture(new NotLeaderException(why));
    }

    private static void sleepQuietly(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
