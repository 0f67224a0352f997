package io.quire.core.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quire.api.command.MetadataCommand;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The engine's meters: the seed's leader and follower metrics ("Performance Metrics to Monitor",
 * whose names each description gives) and the consensus ones. Every meter is created here, once;
 * the hot path only looks up a cached one and records.
 */
final class EngineMeters {

    private final MeterRegistry registry;
    private final Map<Class<?>, Timer> writeLatency = new ConcurrentHashMap<>();
    private final Map<Class<?>, Counter> fastPath = new ConcurrentHashMap<>();
    private final Map<Class<?>, Counter> fallback = new ConcurrentHashMap<>();
    private final Counter replicated;
    private final Timer replicatedApply;
    private final Counter catchUps;
    private final Counter snapshotInstalls;
    private final Counter snapshotSends;
    private final Counter leadershipChanges;
    private final Timer proposals;

    EngineMeters(MeterRegistry registry) {
        this.registry = registry;
        replicated = Counter.builder("quire.follower.replicated.records")
                .description("Records this node received from the leader, made durable and applied"
                        + " (seed: phase2.metadata_replicated.count); equals the leader's fast-path count once caught up")
                .register(registry);
        replicatedApply = histogram(Timer.builder("quire.follower.replicated.apply")
                .description("From a replicated record's arrival to its apply on this follower, its own WAL append"
                        + " included (seed: phase2.metadata_apply.latency_ms)"));
        catchUps = Counter.builder("quire.follower.catch.ups")
                .description("Times this follower found itself more than " + FollowerSide.CATCH_UP_RECORDS
                        + " records behind the leader (catch-ups started)").register(registry);
        snapshotInstalls = Counter.builder("quire.follower.snapshot.installs")
                .description("Leader snapshots this node installed because the leader's WAL no longer held what it"
                        + " lacked").register(registry);
        snapshotSends = Counter.builder("quire.leader.snapshot.sends")
                .description("Snapshots this node opened to send to a follower that was too far behind")
                .register(registry);
        leadershipChanges = Counter.builder("quire.consensus.leadership.changes")
                .description("Leaderships (elections and their outcome) this node has seen").register(registry);
        proposals = histogram(Timer.builder("quire.consensus.proposal")
                .description("Writes this node handed to the leader through consensus (follower writes), from"
                        + " proposal to the leader's answer"));
        // Every command's series exists from the start, at zero: a dashboard shows a fallback count
        // of 0, not "no data", and rate() sees the first write.
        for (Class<?> type : MetadataCommand.class.getPermittedSubclasses()) {
            writeLatency(type);
            fastPath(type);
            fallback(type);
        }
    }

    /** Gauges read from the engine at scrape time; the WAL's only when it has one. */
    void gauges(MetadataEngine engine, boolean withWal) {
        Gauge.builder("quire.consensus.epoch", engine, e -> e.leadership().epoch())
                .description("The newest epoch (consensus term) this node knows").register(registry);
        Gauge.builder("quire.consensus.leader.id", engine,
                        e -> e.leadership().leaderId().isPresent() ? e.leadership().leaderId().getAsInt() : -1)
                .description("The node id of the leader this node knows; -1 when none").register(registry);
        Gauge.builder("quire.metadata.applied.offset", engine, MetadataEngine::appliedOffset)
                .description("Offset of the last command this node's state machine applied").register(registry);
        if (withWal) {
            Gauge.builder("quire.metadata.wal.end.offset", engine, MetadataEngine::endOffset)
                    .description("One past the last record of this node's metadata WAL"
                            + " (seed: phase2.metadata_wal.offset)")
                    .register(registry);
        }
    }

    /** Lag gauges of follower {@code id}, as this node sees it while it leads (NaN otherwise). */
    void follower(int id, QuorumAcks acks) {
        String follower = Integer.toString(id);
        Gauge.builder("quire.leader.follower.lag.records", acks, a -> a.lagRecords(id))
                .description("Records the leader holds that this follower has not acknowledged as durable")
                .tag("follower", follower).register(registry);
        Gauge.builder("quire.leader.follower.lag", acks, a -> a.lagMillis(id, System.currentTimeMillis()) / 1000.0)
                .description("Time since this follower was last caught up with the leader (Kafka's Raft rule); 0"
                        + " while it holds every record").baseUnit("seconds")
                .tag("follower", follower).register(registry);
    }

    /** A write was answered {@code nanos} after it was asked for (seed: phase2.create_topic.latency_ms). */
    void answered(MetadataCommand command, long nanos) {
        writeLatency(command.getClass()).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The leader wrote {@code command} on its fast path (seed: phase2.fast_path.count). */
    void fastPath(MetadataCommand command) {
        fastPath(command.getClass()).increment();
    }

    /** This node handed {@code command} to consensus instead (seed: phase2.raft_fallback.count; 0 on a leader). */
    void fallback(MetadataCommand command) {
        fallback(command.getClass()).increment();
    }

    private Timer writeLatency(Class<?> command) {
        return cached(writeLatency, command, type -> histogram(Timer.builder("quire.metadata.write")
                .description("From a write's arrival at the engine to its answer, per command"
                        + " (seed: phase2.create_topic.latency_ms)")
                .tag("command", type.getSimpleName())));
    }

    private Counter fastPath(Class<?> command) {
        return cached(fastPath, command, type -> Counter.builder("quire.metadata.fast.path.writes")
                .description("Writes this node made durable in its own WAL as leader (seed: phase2.fast_path.count)")
                .tag("command", type.getSimpleName()).register(registry));
    }

    private Counter fallback(Class<?> command) {
        return cached(fallback, command, type -> Counter.builder("quire.metadata.fallback.writes")
                .description("Writes this node sent through consensus instead of its own fast path"
                        + " (seed: phase2.raft_fallback.count; stays 0 on a leader with a WAL)")
                .tag("command", type.getSimpleName()).register(registry));
    }

    void proposed(long nanos) {
        proposals.record(nanos, TimeUnit.NANOSECONDS);
    }

    void replicatedApplied(long nanos) {
        replicated.increment();
        replicatedApply.record(nanos, TimeUnit.NANOSECONDS);
    }

    void catchUpStarted() {
        catchUps.increment();
    }

    void snapshotInstalled() {
        snapshotInstalls.increment();
    }

    void snapshotSent() {
        snapshotSends.increment();
    }

    void leadershipChanged() {
        leadershipChanges.increment();
    }

    private Timer histogram(Timer.Builder builder) {
        return LatencyTimers.register(builder, registry);
    }

    private static <M> M cached(Map<Class<?>, M> meters, Class<?> command, Function<Class<?>, M> create) {
        M meter = meters.get(command);
        return meter != null ? meter : meters.computeIfAbsent(command, create);
    }
}
