package io.quire.core.engine;

import io.quire.spi.consensus.Consensus;
import io.quire.spi.replication.LogPosition;
import io.quire.spi.replication.ReplicatedRecord;
import java.io.IOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a newly elected leader does before it takes writes: it asks a majority of the members
 * (itself included) where their logs end and fetches, from the member with the most advanced log,
 * the records of earlier epochs it lacks, first cutting its own divergent suffix (design brief,
 * point 7). A record that reached any member of that majority is then in the leader's log, so a
 * record a quorum acknowledged is never lost.
 */
final class LeaderTakeover {

    private static final Logger log = LoggerFactory.getLogger(LeaderTakeover.class);
    private static final Comparator<LogPosition> ADVANCEMENT =
            Comparator.comparingLong(LogPosition::lastEpoch).thenComparingLong(LogPosition::endOffset);

    private final MetadataEngine engine;
    private final Consensus consensus;
    private final FollowerSide followerLog;
    private final Duration askTimeout;

    LeaderTakeover(MetadataEngine engine, Consensus consensus, FollowerSide followerLog, Duration askTimeout) {
        this.engine = engine;
        this.consensus = consensus;
        this.followerLog = followerLog;
        this.askTimeout = askTimeout;
    }

    /**
     * Brings this node's log up to the most advanced log of a majority.
     *
     * @param stillLeading false once this node lost the leadership it catches up for
     * @throws IOException when fewer than a majority answered, or the records cannot be fetched
     */
    void catchUp(long epoch, BooleanSupplier stillLeading) throws IOException, InterruptedException {
        LogPosition local = engine.logPosition();
        if (epoch < local.lastEpoch()) {
            throw new IOException("elected in epoch " + epoch + " but this node's log already holds epoch "
                    + local.lastEpoch() + ": consensus lost its state (was its directory wiped?)");
        }
        Map<Integer, LogPosition> positions = askPositions();
        Set<Integer> members = consensus.members();
        int majority = members.size() / 2 + 1;
        if (positions.size() + 1 < majority) {
            throw new IOException("only " + positions.size() + " of the other members " + members
                    + " answered; a majority of " + majority + " (this node included) is needed");
        }
        Map.Entry<Integer, LogPosition> best = positions.entrySet().stream()
                .max(Map.Entry.comparingByValue(ADVANCEMENT)).orElse(null);
        if (best == null || ADVANCEMENT.compare(best.getValue(), local) <= 0) {
            log.info("Leader of epoch {}: this node's log {} is the most advanced of {} answers",
                    epoch, local, positions.size() + 1);
            return;
        }
        int source = best.getKey();
        LogPosition target = best.getValue();
        log.info("Leader of epoch {}: fetching the records it lacks from node {} (its log {}, this node's {})",
                epoch, source, target, local);
        LogQuestions.EpochEnd theirs = LogQuestions.epochEnd(ask(source, LogQuestions.askEpochEnd(local.lastEpoch())));
        long cut = Math.min(theirs.endOffset(), engine.epochEnd(theirs.epoch()).endOffset());
        if (cut < local.endOffset()) {
            log.warn("Leader of epoch {}: cutting this node's divergent records from offset {}", epoch, cut);
            followerLog.truncate(cut);
        }
        long fetched = 0;
        while (engine.wal().endOffset() < target.endOffset() && stillLeading.getAsBoolean()) {
            long from = engine.wal().endOffset();
            LogQuestions.Records answer = LogQuestions.records(ask(source, LogQuestions.askRead(from, LogQuestions.MAX_RECORDS)));
            if (answer.outOfRange()) {
                log.info("Leader of epoch {}: node {} no longer holds offset {} (its WAL starts at {}); installing its"
                        + " snapshot", epoch, source, from, answer.logStart());
                installSnapshotOf(source);
                continue;
            }
            if (answer.records().isEmpty()) {
                throw new IOException("node " + source + " sent no records from offset " + from);
            }
            for (ReplicatedRecord record : answer.records()) {
                await(followerLog.accept(record).toCompletableFuture());
                fetched++;
            }
        }
        log.info("Leader of epoch {}: fetched {} records from node {}; this node's log is now {}", epoch,
                fetched, source, engine.logPosition());
    }

    /** Installs {@code source}'s newest snapshot, fetched a chunk at a time. */
    private void installSnapshotOf(int source) throws IOException, InterruptedException {
        LogQuestions.SnapshotChunk first = LogQuestions.snapshotChunk(ask(source, LogQuestions.askSnapshot(-1, 0)));
        followerLog.installSnapshot(first.endOffset(), first.epoch(), new RemoteSnapshot(first, position -> {
            LogQuestions.SnapshotChunk next = LogQuestions.snapshotChunk(
                    ask(source, LogQuestions.askSnapshot(first.endOffset(), position)));
            if (next.size() != first.size() || next.bytes().length == 0) {
                throw new IOException("node " + source + "'s snapshot of offsets below " + first.endOffset()
                        + " changed while it was being fetched");
            }
            return next.bytes();
        }));
    }

    private Map<Integer, LogPosition> askPositions() throws InterruptedException {
        Map<Integer, CompletableFuture<byte[]>> asked = new HashMap<>();
        for (int member : consensus.members()) {
            if (member != engine.nodeId()) {
                asked.put(member, consensus.ask(member, LogQuestions.askPosition())
                        .orTimeout(askTimeout.toMillis(), TimeUnit.MILLISECONDS));
            }
        }
        Map<Integer, LogPosition> positions = new HashMap<>();
        for (Map.Entry<Integer, CompletableFuture<byte[]>> entry : asked.entrySet()) {
            try {
                positions.put(entry.getKey(), LogQuestions.position(entry.getValue().get()));
            } catch (ExecutionException e) {
                log.info("Node {} did not say where its log ends: {}", entry.getKey(), e.getCause().toString());
            }
        }
        return positions;
    }

    private byte[] ask(int member, byte[] question) throws IOException, InterruptedException {
        return await(consensus.ask(member, question));
    }

    private <T> T await(CompletableFuture<T> future) throws IOException, InterruptedException {
        try {
            return future.get(askTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException("catching up failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("catching up timed out after " + askTimeout, e);
        }
    }
}
