package io.quire.core.engine;

import io.quire.api.command.CreateTopic;
import io.quire.api.command.DeleteTopic;
import io.quire.api.command.MetadataCommand;
import io.quire.api.command.RegisterBroker;
import io.quire.api.metadata.BrokerInfo;
import io.quire.api.metadata.MetadataView;
import io.quire.api.result.CommandResult;
import io.quire.api.result.ErrorCode;
import io.quire.core.codec.CodecException;
import io.quire.core.codec.CommandCodec;
import io.quire.core.status.NodeStatus;
import io.quire.core.status.QuorumState;
import io.quire.spi.consensus.Consensus;
import io.quire.spi.consensus.Leadership;
import io.quire.spi.consensus.NotLeaderException;
import io.quire.spi.replication.LogPosition;
import io.quire.spi.replication.ReplicationTransport;
import io.quire.spi.statemachine.StateMachine;
import io.quire.spi.wal.MetadataWal;
import io.quire.spi.wal.WalRecord;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata engine of one node: the one order in which commands reach the state machine.
 *
 * <p>On the leader every write takes the fast path: validate, serialize, append to the metadata
 * WAL (group-committed, durable before it completes), apply in offset order, wake the waiter,
 * answer. On a follower a write goes through the consensus plugin to the leader's fast path, and
 * is answered once the leader's record has reached this node's state machine through replication.
 * A newly elected leader takes writes only once it has fetched what it lacks ({@link LeaderTakeover}).
 *
 * <p>Lifecycle: {@link #recover()} replays the WAL into the state machine, {@link #start} hands
 * control to consensus and registers this node as a broker, {@link #close()} stops consensus.
 *
 * <p>Consensus calls back through {@link ConsensusCallbacks}; {@link LeadershipTransitions} follows
 * leadership and runs takeovers; {@link WalSnapshots} snapshots the state so the WAL can drop records.
 */
public final class MetadataEngine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MetadataEngine.class);
    private static final int REPLAY_BATCH = 1024;

    /** Registrations written and not yet applied, so that one broker is not registered twice at once. */
    private final Map<BrokerInfo, CompletableFuture<CommandResult>> registrations = new ConcurrentHashMap<>();
    private final int nodeId;
    private final MetadataWal wal;
    private final StateMachine stateMachine;
    private final Consensus consensus;
    private final CommandCodec codec;
    private final EngineOptions options;
    private final EpochHistory epochs = new EpochHistory();
    private final WalSnapshots walSnapshots;
    private final AppliedWaiters appliedWaiters;
    private final QuorumAcks quorumAcks;
    private final FollowerSide followerSide = new FollowerSide(this);
    private final LeadershipTransitions leadership;
    /** Applies the consensus log when there is no WAL; null with a WAL. */
    private final ConsensusLogApplier consensusLog;
    private volatile OrderedApplier applier;
    /** Completes once this node, leading, has registered itself as a broker. */
    private final CompletableFuture<CommandResult> selfRegistration = new CompletableFuture<>();
    private volatile BrokerInfo self;
    private final EngineMeters meters;
    private final LongWork longWork = new LongWork();
    private final NodeReports reports;

    /** A single node without replication or snapshots. */
    public MetadataEngine(int nodeId, MetadataWal wal, StateMachine stateMachine, Consensus consensus,
            CommandCodec codec) {
        this(nodeId, wal, stateMachine, consensus, codec, EngineOptions.singleNode("quire"));
    }

    public MetadataEngine(int nodeId, MetadataWal wal, StateMachine stateMachine, Consensus consensus,
            CommandCodec codec, EngineOptions options) {
        this(nodeId, Objects.requireNonNull(wal, "wal"), stateMachine, consensus, codec, options, true);
    }

    /**
     * A node without a metadata WAL: the consensus plugin's log is the metadata log, every write
     * goes through it and is applied from it on every member (no replication transport).
     */
    public static MetadataEngine withoutWal(int nodeId, StateMachine stateMachine, Consensus consensus,
            CommandCodec codec, EngineOptions options) {
        if (!consensus.canBeTheMetadataLog()) {
            throw new IllegalArgumentException("a node without a metadata WAL needs a consensus plugin that can"
                    + " carry the metadata log (such as 'ratis'); " + consensus.getClass().getName() + " cannot");
        }
        if (options.transport().isPresent()) {
            throw new IllegalArgumentException("a node without a metadata WAL replicates through its consensus log;"
                    + " it takes no replication transport");
        }
        return new MetadataEngine(nodeId, null, stateMachine, consensus, codec, options, false);
    }

    private MetadataEngine(int nodeId, MetadataWal wal, StateMachine stateMachine, Consensus consensus,
            CommandCodec codec, EngineOptions options, boolean withWal) {
        this.nodeId = nodeId;
        this.wal = wal;
        this.consensusLog = withWal ? null : new ConsensusLogApplier(stateMachine, codec,
                new AppliedWaiters(stateMachine::appliedOffset));
        this.stateMachine = stateMachine;
        this.consensus = consensus;
        this.codec = codec;
        this.options = options;
        this.walSnapshots = new WalSnapshots(wal, stateMachine, epochs, options, () -> applier);
        this.appliedWaiters = consensusLog == null ? new AppliedWaiters(stateMachine::appliedOffset)
                : consensusLog.appliedWaiters();
        this.quorumAcks = new QuorumAcks(nodeId);
        this.meters = new EngineMeters(options.meters());
        this.leadership = new LeadershipTransitions(this, consensus, followerSide, quorumAcks, options, !withWal,
                meters);
        this.reports = new NodeReports(this, consensus, leadership, quorumAcks, longWork, !withWal);
        meters.gauges(this, withWal);
    }

    /** A factory of the one daemon thread of a single-thread executor, named for thread dumps and log lines. */
    static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Replays every WAL record the state machine has not applied.
     *
     * @throws IOException when the WAL cannot be read
     * @throws CodecException when a record is not a command this version can read; nothing is
     *     skipped, the node must not start with a partial state
     */
    public void recover() throws IOException {
        if (consensusLog != null) {
            applier = new OrderedApplier(stateMachine, 0, appliedWaiters::appliedUpTo);
            log.info("Phase 1: no metadata WAL: the consensus log is the metadata log; it restores and replays the"
                    + " state when consensus starts");
            return;
        }
        walSnapshots.restoreNewest();
        long next = stateMachine.appliedOffset() + 1;
        if (next < wal.startOffset()) {
            throw new IllegalStateException("the metadata WAL starts at offset " + wal.startOffset()
                    + " but the state machine has applied only up to offset " + stateMachine.appliedOffset());
        }
        log.info("Phase 2: Metadata WAL enabled: offsets [{}, {}), last epoch {}",
                wal.startOffset(), wal.endOffset(), wal.lastEpoch());
        OrderedApplier replaying = new OrderedApplier(stateMachine, next, appliedWaiters::appliedUpTo);
        long replayed = 0;
        try (LongWork.Job job = longWork.start("replaying the metadata WAL", "records", wal.endOffset() - next, true)) {
            for (List<WalRecord> batch = wal.read(next, REPLAY_BATCH); !batch.isEmpty();
                    batch = wal.read(next, REPLAY_BATCH)) {
                for (WalRecord record : batch) {
                    MetadataCommand command;
                    try {
                        command = codec.decode(record.payload());
                    } catch (CodecException e) {
                        throw new CodecException("metadata WAL record at offset " + record.offset()
                                + " cannot be read: " + e.getMessage(), e);
                    }
                    epochs.appended(record.epoch(), record.offset());
                    replaying.durable(record.offset(), command, null);
                    replayed++;
                }
                next = batch.get(batch.size() - 1).offset() + 1;
                job.advanceTo(replayed);
            }
        }
        applier = replaying;
        log.info("Phase 2: MetadataStore initialized: node {} replayed {} commands, applied up to offset {}, digest {}",
                nodeId, replayed, stateMachine.appliedOffset(), stateMachine.digest());
    }

    /**
     * Starts consensus and makes sure this node is registered as a broker at {@code self}. When this
     * node leads, waits up to {@code timeout} for the registration to be applied.
     */
    public void start(BrokerInfo self, Duration timeout) throws IOException {
        if (applier == null) {
            throw new IllegalStateException("recover() must run before start()");
        }
        this.self = self;
        if (options.transport().isPresent()) {
            options.transport().get().start(new Replication(this, followerSide));
        }
        consensus.start(new ConsensusCallbacks(this, leadership, consensusLog));
        if (consensusLog != null) {
            // No leader is known yet; the registration waits in the consensus plugin for one.
            registerThroughTheLog(self);
            return;
        }
        if (leadership.current().isLocalLeader()) {
            // A leader registers itself once it takes writes (see LeadershipTransitions.takeOver).
            CommandResult result = await(selfRegistration, timeout);
            if (!result.isSuccess()) {
                throw new IllegalStateException("registering broker " + nodeId + " failed: " + result.message());
            }
            return;
        }
        if (stateMachine.view().broker(nodeId).filter(self::equals).isPresent() || options.transport().isPresent()) {
            // A follower is registered by the leader when it joins through replication; a node that
            // is elected later registers itself once it takes writes.
            return;
        }
        write(new RegisterBroker(self)).whenComplete((result, error) -> {
            if (error != null || !result.isSuccess()) {
                log.warn("Registering broker {} through the leader failed: {}", nodeId,
                        error != null ? error.getMessage() : result.message());
            }
        });
    }

    /**
     * Writes a command through the one order: the fast path on the leader, consensus otherwise.
     * Completes with the command's result once it is applied on this node, or with a failure result
     * ({@link ErrorCode#NOT_LEADER}, {@link ErrorCode#INTERNAL_ERROR}); never exceptionally.
     */
    public CompletableFuture<CommandResult> write(MetadataCommand command) {
        long started = System.nanoTime();
        Leadership current = leadership.current();
        CompletableFuture<CommandResult> answer;
        if (current.isLocalLeader() && consensusLog == null) {
            answer = writeAsLeader(command, current).thenApply(Written::result);
        } else {
            log.info("Phase 1 fallback: forwarding {} to the leader through consensus", describe(command));
            meters.fallback(command);
            answer = consensus.propose(codec.encode(command))
                    .whenComplete((done, error) -> meters.proposed(System.nanoTime() - started))
                    .thenCompose(this::awaitLocally);
        }
        return answer.exceptionally(error -> failureOf(unwrap(error)))
                .whenComplete((done, error) -> meters.answered(command, System.nanoTime() - started));
    }

    /** The leader's answer to a forwarded write, once its record has been applied on this node too. */
    private CompletableFuture<CommandResult> awaitLocally(byte[] answer) {
        Written written = Written.decode(answer, codec);
        if (written.offset() < 0) {
            return CompletableFuture.completedFuture(written.result());
        }
        return appliedWaiters.await(written.offset())
                .orTimeout(options.writeTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(applied -> written.result());
    }

    /** What applying {@code command} would return now, without writing it. */
    public CommandResult validate(MetadataCommand command) {
        return stateMachine.validate(command);
    }

    public MetadataView view() {
        return stateMachine.view();
    }

    public Leadership leadership() {
        return leadership.current();
    }

    public String digest() {
        return stateMachine.digest();
    }

    public int nodeId() {
        return nodeId;
    }

    /** The offset of the last applied command; -1 before any. */
    public long appliedOffset() {
        return stateMachine.appliedOffset();
    }

    /** One past the last record of this node's metadata log: its WAL, or what it applied of the consensus log. */
    public long endOffset() {
        return wal != null ? wal.endOffset() : stateMachine.appliedOffset() + 1;
    }

    /** The voting members of the quorum, this node included. */
    public Set<Integer> members() {
        return consensus.members();
    }

    /** What this node knows of itself: role, offsets, readiness and the long work in progress. */
    public NodeStatus status() {
        return reports.status();
    }

    /** The status of member {@code memberId}, asked through consensus (this node's own without asking). */
    public CompletableFuture<NodeStatus> statusOf(int memberId) {
        return reports.statusOf(memberId);
    }

    /**
     * The leader's view of the quorum (DescribeQuorum): this node's own when it leads, the leader's
     * otherwise; when the leader cannot be asked, what this node knows itself. Empty when no leader
     * is known.
     */
    public CompletableFuture<Optional<QuorumState>> quorumState() {
        return reports.quorumState();
    }

    NodeReports reports() {
        return reports;
    }

    EngineMeters meters() {
        return meters;
    }

    LongWork longWork() {
        return longWork;
    }

    boolean hasWal() {
        return wal != null;
    }

    @Override
    public void close() {
        options.transport().ifPresent(ReplicationTransport::close);
        consensus.close();
        leadership.close();
        walSnapshots.close();
    }

    // ---- What replication needs of the engine (see Replication, LeaderSide, FollowerSide) ----

    int nodeIdForReplication() {
        return nodeId;
    }

    String clusterId() {
        return options.clusterId();
    }

    BrokerInfo localBroker() {
        return self;
    }

    MetadataWal wal() {
        return wal;
    }

    CommandCodec codec() {
        return codec;
    }

    QuorumAcks quorumAcks() {
        return quorumAcks;
    }

    WalSnapshots walSnapshots() {
        return walSnapshots;
    }

    /** Where this node's log ends. */
    LogPosition logPosition() {
        long lastEpoch = lastEpoch();
        long end = wal.endOffset();
        OptionalLong start = epochs.startOf(lastEpoch);
        return new LogPosition(lastEpoch, end, start.isPresent() ? Math.min(start.getAsLong(), end) : end);
    }

    /**
     * The newest epoch at or below {@code epoch} that this log holds, and one past its last record
     * here; epoch -1 and the WAL's start when the log holds nothing of that age.
     */
    LogQuestions.EpochEnd epochEnd(long epoch) {
        long logEnd = wal.endOffset();
        OptionalLong found = epochs.epochAtOrBelow(epoch);
        if (found.isPresent()) {
            return new LogQuestions.EpochEnd(found.getAsLong(), epochs.endOffsetFor(found.getAsLong(), logEnd));
        }
        long baseEpoch = walSnapshots.baseEpoch();
        if (baseEpoch >= 0 && baseEpoch <= epoch) {
            return new LogQuestions.EpochEnd(baseEpoch, epochs.firstOffset(logEnd));
        }
        return new LogQuestions.EpochEnd(-1, wal.startOffset());
    }

    /** The epoch of this node's last record, or of the snapshot its WAL starts after. */
    long lastEpoch() {
        long walEpoch = wal.lastEpoch();
        return walEpoch >= 0 ? walEpoch : walSnapshots.baseEpoch();
    }

    /** Registers a broker (a follower that joined, or this node as new leader) unless it is registered as it is. */
    CompletableFuture<CommandResult> registerBroker(BrokerInfo broker) {
        if (stateMachine.view().broker(broker.id()).filter(broker::equals).isPresent()) {
            return CompletableFuture.completedFuture(CommandResult.OK);
        }
        // A follower that reconnects while its registration is on its way asks again: one write serves both.
        CompletableFuture<CommandResult> registered = new CompletableFuture<>();
        CompletableFuture<CommandResult> pending = registrations.putIfAbsent(broker, registered);
        if (pending != null) {
            return pending;
        }
        write(new RegisterBroker(broker)).whenComplete((result, error) -> {
            registrations.remove(broker, registered);
            if (error != null || !result.isSuccess()) {
                log.warn("Registering broker {} failed: {}", broker.id(),
                        error != null ? error.getMessage() : result.message());
            }
            if (error != null) {
                registered.completeExceptionally(error);
            } else {
                registered.complete(result);
            }
        });
        return registered;
    }

    /** Registers this node through the consensus log, retrying until it is applied or the node closes. */
    private void registerThroughTheLog(BrokerInfo broker) {
        registerBroker(broker).whenComplete((result, error) -> {
            if (error == null && result.isSuccess()) {
                selfRegistration.complete(result);
            } else {
                leadership.retryLater(() -> registerThroughTheLog(broker));
            }
        });
    }

    /** This node has just taken writes as leader: it makes sure it is registered as it is now. */
    void registerSelf() {
        BrokerInfo started = self;
        if (started != null) {
            registerBroker(started).thenAccept(selfRegistration::complete);
        }
    }

    /**
     * Cuts this node's log at {@code fromOffset} and rebuilds the state from the newest snapshot
     * (or the empty state) and the WAL, since commands above the cut may already be applied.
     */
    synchronized void truncateAndRebuild(long fromOffset) throws IOException {
        wal.truncateSuffix(fromOffset);
        epochs.truncatedTo(fromOffset);
        if (stateMachine.appliedOffset() < fromOffset) {
            return;
        }
        walSnapshots.restoreEmptyState();
        epochs.clear();
        recover();
    }

    /** Replaces this node's state and log with a leader's snapshot covering offsets below {@code endOffset}. */
    synchronized void installSnapshot(long endOffset, long epoch, InputStream data) throws IOException {
        try (LongWork.Job job = longWork.start("installing the leader's snapshot of offsets below " + endOffset,
                "bytes", -1, true)) {
            walSnapshots.install(endOffset, epoch, new ProgressInputStream(data, job));
        }
        meters.snapshotInstalled();
        applier = new OrderedApplier(stateMachine, endOffset, appliedWaiters::appliedUpTo);
        appliedWaiters.appliedUpTo(endOffset - 1);
        log.info("Installed the leader's snapshot of offsets below {} (epoch {}); digest {}", endOffset, epoch,
                stateMachine.digest());
    }

    /**
     * The fast path once this node has caught up as leader, then (with {@code metadata.acks=quorum})
     * the wait for a majority.
     */
    private CompletableFuture<Written> writeAsLeader(MetadataCommand command, Leadership current) {
        CompletableFuture<Void> writable = leadership.writable();
        CompletableFuture<Written> written = writable.thenCompose(ready -> appendAndApply(command, current));
        if (writable.isDone() && options.acks() == MetadataAcks.LEADER) {
            // The fast path waits for nothing but the WAL, which completes or fails every append:
            // no timer to arm and cancel per write.
            return written;
        }
        return written.thenCompose(this::quorumIfAsked)
                .orTimeout(options.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A write forwarded through consensus: the fast path, answered with the encoded {@link Written}. */
    CompletableFuture<byte[]> executeOnLeader(byte[] encoded) {
        Leadership current = leadership.current();
        if (!current.isLocalLeader()) {
            return CompletableFuture.failedFuture(new NotLeaderException("node " + nodeId + " is not the leader"));
        }
        MetadataCommand command;
        try {
            command = codec.decode(encoded);
        } catch (CodecException e) {
            return CompletableFuture.completedFuture(new Written(-1,
                    CommandResult.failure(ErrorCode.INVALID_REQUEST, e.getMessage())).encode(codec));
        }
        return writeAsLeader(command, current).thenApply(written -> written.encode(codec));
    }

    private CompletableFuture<Written> quorumIfAsked(Written written) {
        if (options.acks() != MetadataAcks.QUORUM || written.offset() < 0) {
            return CompletableFuture.completedFuture(written);
        }
        return quorumAcks.await(written.offset() + 1).thenApply(acked -> written);
    }

    private CompletableFuture<Written> appendAndApply(MetadataCommand command, Leadership current) {
        CommandResult check = stateMachine.validate(command);
        if (!check.isSuccess()) {
            return CompletableFuture.completedFuture(new Written(-1, check));
        }
        String what = describe(command);
        if (command instanceof CreateTopic create) {
            log.info("Phase 2: Leader creating topic {} ({} partitions, id {})", create.name(),
                    create.replicaAssignment().size(), create.topicId());
        } else {
            log.info("Phase 2: Leader writing {}", what);
        }
        CompletableFuture<Written> written = new CompletableFuture<>();
        wal.append(current.epoch(), codec.encode(command)).whenComplete((offset, error) -> {
            if (error != null) {
                log.error("Metadata WAL append failed for {}", what, unwrap(error));
                written.complete(new Written(-1, CommandResult.failure(ErrorCode.INTERNAL_ERROR,
                        "the metadata WAL could not make the change durable: " + unwrap(error).getMessage())));
                return;
            }
            log.info("Wrote {} to metadata WAL at offset {}", what, offset);
            meters.fastPath(command);
            CompletableFuture<CommandResult> applied = new CompletableFuture<>();
            applied.thenAccept(result -> written.complete(new Written(offset, result)));
            durable(current.epoch(), offset, command, applied);
            quorumAcks.durable(nodeId, offset + 1);
            options.transport().ifPresent(transport -> transport.recordsDurable(offset + 1));
        });
        return written;
    }

    /** A record is durable in this node's WAL: remember its epoch, apply it in order, maybe snapshot. */
    void durable(long epoch, long offset, MetadataCommand command, CompletableFuture<CommandResult> waiter) {
        epochs.appended(epoch, offset);
        applier.durable(offset, command, waiter);
        walSnapshots.durable(offset);
    }

    /** A short name of the command for log lines: its type and what it is about. */
    static String describe(MetadataCommand command) {
        if (command instanceof CreateTopic create) {
            return "CreateTopic " + create.name();
        }
        if (command instanceof DeleteTopic delete) {
            return "DeleteTopic " + delete.name();
        }
        if (command instanceof RegisterBroker register) {
            return "RegisterBroker " + register.broker().id() + " at " + register.broker().host() + ":"
                    + register.broker().port();
        }
        return command.getClass().getSimpleName();
    }

    private static CommandResult failureOf(Throwable error) {
        if (error instanceof NotLeaderException) {
            return CommandResult.failure(ErrorCode.NOT_LEADER, error.getMessage());
        }
        if (error instanceof TimeoutException) {
            return CommandResult.failure(ErrorCode.REQUEST_TIMED_OUT,
                    "the write did not complete in time: its record may still be applied later");
        }
        return CommandResult.failure(ErrorCode.INTERNAL_ERROR, String.valueOf(error.getMessage()));
    }

    static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static CommandResult await(CompletableFuture<CommandResult> future, Duration timeout) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while registering this broker", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("registering this broker did not complete within " + timeout, e);
        }
    }

}
