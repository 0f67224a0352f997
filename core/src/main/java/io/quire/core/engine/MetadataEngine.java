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
import io.quire.core.snapshot.SnapshotStore;
import io.quire.spi.consensus.Consensus;
import io.quire.spi.consensus.ConsensusContext;
import io.quire.spi.consensus.Leadership;
import io.quire.spi.consensus.NotLeaderException;
import io.quire.spi.replication.LogPosition;
import io.quire.spi.replication.ReplicationTransport;
import io.quire.spi.statemachine.StateMachine;
import io.quire.spi.wal.MetadataWal;
import io.quire.spi.wal.WalRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 */
public final class MetadataEngine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MetadataEngine.class);
    private static final int REPLAY_BATCH = 1024;
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration TAKEOVER_RETRY = Duration.ofMillis(500);

    private final int nodeId;
    private final MetadataWal wal;
    private final StateMachine stateMachine;
    private final Consensus consensus;
    private final CommandCodec codec;
    private final EngineOptions options;
    private final EpochHistory epochs = new EpochHistory();
    /** The state machine's snapshot while still empty: the base to rebuild from when no snapshot exists. */
    private final byte[] emptyState;
    private final ExecutorService snapshotter;
    private final ExecutorService takeovers;
    private final AppliedWaiters appliedWaiters;
    private final QuorumAcks quorumAcks;
    private final FollowerSide followerSide = new FollowerSide(this);
    /** Applies the consensus log when there is no WAL; null with a WAL. */
    private final ConsensusLogApplier consensusLog;
    /** Orders what the transport hears of leadership between consensus events and takeovers. */
    private final Object leadershipLock = new Object();
    private volatile OrderedApplier applier;
    private volatile Leadership leadership;
    /** Completes once this node leads and has caught up; fails while it does not lead. */
    private volatile CompletableFuture<Void> writable = notLeading("leadership is not known yet");
    /** Completes once this node, leading, has registered itself as a broker. */
    private final CompletableFuture<CommandResult> selfRegistration = new CompletableFuture<>();
    private volatile BrokerInfo self;
    /** The epoch of the snapshot the WAL starts after, for a WAL that holds no record yet. */
    private volatile long baseEpoch = -1;

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
        this.leadership = Leadership.unknown(nodeId);
        this.emptyState = snapshotBytes(stateMachine);
        this.snapshotter = Executors.newSingleThreadExecutor(daemon("quire-snapshotter"));
        this.takeovers = Executors.newSingleThreadExecutor(daemon("quire-leader-takeover"));
        this.appliedWaiters = consensusLog == null ? new AppliedWaiters(stateMachine::appliedOffset)
                : consensusLog.appliedWaiters();
        this.quorumAcks = new QuorumAcks(nodeId);
    }

    private static ThreadFactory daemon(String name) {
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
        Optional<SnapshotStore.Snapshot> snapshot = latestSnapshot();
        if (snapshot.isPresent() && stateMachine.appliedOffset() + 1 < snapshot.get().endOffset()) {
            try (InputStream in = snapshot.get().open()) {
                stateMachine.restoreSnapshot(in);
            }
            baseEpoch = snapshot.get().epoch();
            log.info("Restored the state from snapshot {} (offsets below {}, epoch {})", snapshot.get().file(),
                    snapshot.get().endOffset(), snapshot.get().epoch());
        }
        long next = stateMachine.appliedOffset() + 1;
        if (next < wal.startOffset()) {
            throw new IllegalStateException("the metadata WAL starts at offset " + wal.startOffset()
                    + " but the state machine has applied only up to offset " + stateMachine.appliedOffset());
        }
        log.info("Phase 2: Metadata WAL enabled: offsets [{}, {}), last epoch {}",
                wal.startOffset(), wal.endOffset(), wal.lastEpoch());
        OrderedApplier replaying = new OrderedApplier(stateMachine, next, appliedWaiters::appliedUpTo);
        long replayed = 0;
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
        consensus.start(new Context());
        if (consensusLog != null) {
            // No leader is known yet; the registration waits in the consensus plugin for one.
            registerThroughTheLog(self);
            return;
        }
        if (leadership.isLocalLeader()) {
            // A leader registers itself once it takes writes (see takeOver).
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
        Leadership current = leadership;
        if (current.isLocalLeader() && consensusLog == null) {
            return writeAsLeader(command, current).thenApply(Written::result)
                    .exceptionally(error -> failureOf(unwrap(error)));
        }
        log.debug("Forwarding {} to the leader through consensus", describe(command));
        return consensus.propose(codec.encode(command))
                .thenCompose(this::awaitLocally)
                .exceptionally(error -> failureOf(unwrap(error)));
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
        return leadership;
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

    @Override
    public void close() {
        options.transport().ifPresent(ReplicationTransport::close);
        consensus.close();
        takeovers.shutdownNow();
        snapshotter.shutdown();
        try {
            if (!snapshotter.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("A snapshot was still being written at close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
        if (baseEpoch >= 0 && baseEpoch <= epoch) {
            return new LogQuestions.EpochEnd(baseEpoch, epochs.firstOffset(logEnd));
        }
        return new LogQuestions.EpochEnd(-1, wal.startOffset());
    }

    /** The epoch of this node's last record, or of the snapshot its WAL starts after. */
    long lastEpoch() {
        long walEpoch = wal.lastEpoch();
        return walEpoch >= 0 ? walEpoch : baseEpoch;
    }

    /** Registers a broker (a follower that joined, or this node as new leader) unless it is registered as it is. */
    CompletableFuture<CommandResult> registerBroker(BrokerInfo broker) {
        if (stateMachine.view().broker(broker.id()).filter(broker::equals).isPresent()) {
            return CompletableFuture.completedFuture(CommandResult.OK);
        }
        return write(new RegisterBroker(broker)).whenComplete((result, error) -> {
            if (error != null || !result.isSuccess()) {
                log.warn("Registering broker {} failed: {}", broker.id(),
                        error != null ? error.getMessage() : result.message());
            }
        });
    }

    /** Registers this node through the consensus log, retrying until it is applied or the node closes. */
    private void registerThroughTheLog(BrokerInfo broker) {
        registerBroker(broker).whenComplete((result, error) -> {
            if (error == null && result.isSuccess()) {
                selfRegistration.complete(result);
            } else if (!takeovers.isShutdown()) {
                takeovers.execute(() -> {
                    sleepQuietly(TAKEOVER_RETRY);
                    registerThroughTheLog(broker);
                });
            }
        });
    }

    private static void sleepQuietly(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** This node has just taken writes as leader: it makes sure it is registered as it is now. */
    private void registerSelf() {
        BrokerInfo started = self;
        if (started != null) {
            registerBroker(started).thenAccept(selfRegistration::complete);
        }
    }

    /** The newest snapshot, taken now when there is none yet. */
    SnapshotStore.Snapshot newestSnapshot() throws IOException {
        if (options.snapshots().isEmpty()) {
            throw new IOException("this node keeps no snapshots (no snapshot store configured)");
        }
        Optional<SnapshotStore.Snapshot> latest = latestSnapshot();
        if (latest.isPresent()) {
            return latest.get();
        }
        snapshotAndTrimWal();
        return latestSnapshot().orElseThrow(() -> new IOException("no snapshot could be taken"));
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
        stateMachine.restoreSnapshot(new ByteArrayInputStream(emptyState));
        epochs.clear();
        recover();
    }

    /** Replaces this node's state and log with a leader's snapshot covering offsets below {@code endOffset}. */
    synchronized void installSnapshot(long endOffset, long epoch, InputStream data) throws IOException {
        SnapshotStore.Snapshot stored = options.snapshots()
                .orElseThrow(() -> new IOException("this node keeps no snapshots (no snapshot store configured)"))
                .install(endOffset, epoch, data);
        try (InputStream in = stored.open()) {
            stateMachine.restoreSnapshot(in);
        }
        wal.deletePrefix(endOffset);
        epochs.clear();
        baseEpoch = epoch;
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
        return writable.thenCompose(ready -> appendAndApply(command, current))
                .thenCompose(this::quorumIfAsked)
                .orTimeout(options.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
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
            CompletableFuture<CommandResult> applied = new CompletableFuture<>();
            applied.thenAccept(result -> written.complete(new Written(offset, result)));
            durable(current.epoch(), offset, command, applied);
            quorumAcks.durable(nodeId, offset + 1);
            options.transport().ifPresent(transport -> transport.recordsDurable(offset + 1));
        });
        return written;
    }

    /** Catches up as the new leader of {@code elected}, then takes writes; retries until it no longer leads. */
    private void takeOver(Leadership elected, CompletableFuture<Void> ready) {
        LeaderTakeover takeover = new LeaderTakeover(this, consensus, followerSide, ASK_TIMEOUT);
        while (leadership.equals(elected)) {
            try {
                takeover.catchUp(elected.epoch(), () -> leadership.equals(elected));
                synchronized (leadershipLock) {
                    if (!leadership.equals(elected)) {
                        break;
                    }
                    quorumAcks.lead(consensus.members(), wal.endOffset());
                    options.transport().ifPresent(transport -> transport.leadershipChanged(elected));
                    log.info("Phase 2: Leader of epoch {} takes writes: its log ends at {}", elected.epoch(),
                            logPosition());
                    ready.complete(null);
                }
                registerSelf();
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
        ready.completeExceptionally(new NotLeaderException("node " + nodeId + " no longer leads epoch "
                + elected.epoch()));
    }

    private static CompletableFuture<Void> notLeading(String why) {
        return CompletableFuture.failedFuture(new NotLeaderException(why));
    }

    /**
     * What the leader wrote for a command: its offset (-1 when nothing was written, the command
     * being refused) and its result. Encoded as the answer to a forwarded write.
     */
    record Written(long offset, CommandResult result) {

        byte[] encode(CommandCodec codec) {
            byte[] encoded = codec.encodeResult(result);
            return ByteBuffer.allocate(Long.BYTES + encoded.length).putLong(offset).put(encoded).array();
        }

        static Written decode(byte[] answer, CommandCodec codec) {
            ByteBuffer buffer = ByteBuffer.wrap(answer);
            if (buffer.remaining() < Long.BYTES) {
                throw new CodecException("the leader's answer has " + answer.length + " bytes, fewer than an offset");
            }
            long offset = buffer.getLong();
            byte[] result = new byte[buffer.remaining()];
            buffer.get(result);
            return new Written(offset, codec.decodeResult(result));
        }
    }

    /** A record is durable in this node's WAL: remember its epoch, apply it in order, maybe snapshot. */
    void durable(long epoch, long offset, MetadataCommand command, CompletableFuture<CommandResult> waiter) {
        epochs.appended(epoch, offset);
        applier.durable(offset, command, waiter);
        if (options.snapshots().isPresent() && (offset + 1) % options.snapshotEveryRecords() == 0) {
            snapshotter.execute(this::snapshotAndTrimWal);
        }
    }

    /** Snapshots the applied state and lets the WAL drop what the snapshot covers. */
    private void snapshotAndTrimWal() {
        try {
            StateBytes state = applier.whileQuiescent(() -> new StateBytes(
                    stateMachine.appliedOffset() + 1, snapshotBytes(stateMachine)));
            if (state.endOffset() <= 0) {
                return;
            }
            long epoch = epochAtOrBase(state.endOffset() - 1);
            SnapshotStore.Snapshot snapshot = options.snapshots().orElseThrow()
                    .write(state.endOffset(), epoch, out -> out.write(state.bytes()));
            wal.deletePrefix(state.endOffset());
            log.info("Snapshot of offsets below {} (epoch {}, {} bytes, digest {}) in {}; the WAL now starts at {}",
                    snapshot.endOffset(), epoch, state.bytes().length, stateMachine.digest(), snapshot.file(),
                    wal.startOffset());
        } catch (Exception e) {
            log.error("Taking a snapshot failed; the WAL keeps its records", e);
        }
    }

    private long epochAtOrBase(long offset) {
        long epoch = epochs.epochAt(offset);
        return epoch >= 0 ? epoch : baseEpoch;
    }

    private Optional<SnapshotStore.Snapshot> latestSnapshot() throws IOException {
        return options.snapshots().isPresent() ? options.snapshots().get().latest() : Optional.empty();
    }

    private static byte[] snapshotBytes(StateMachine stateMachine) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            stateMachine.writeSnapshot(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("writing a snapshot to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /** The state machine's snapshot of every record below {@code endOffset}. */
    private record StateBytes(long endOffset, byte[] bytes) {}

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

    private static Throwable unwrap(Throwable error) {
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

    /** What consensus calls back into. */
    private final class Context implements ConsensusContext {

        @Override
        public int nodeId() {
            return nodeId;
        }

        @Override
        public void leadershipChanged(Leadership next) {
            synchronized (leadershipLock) {
                changeLeadership(next);
            }
        }

        private void changeLeadership(Leadership next) {
            Leadership previous = leadership;
            if (next.epoch() < previous.epoch()) {
                log.warn("Ignoring leadership of epoch {}: epoch {} is known", next.epoch(), previous.epoch());
                return;
            }
            if (next.equals(previous)) {
                return;
            }
            leadership = next;
            log.info("Leadership: epoch {}, leader {}, this node {} is {}", next.epoch(),
                    next.leaderId().isPresent() ? next.leaderId().getAsInt() : "unknown", nodeId,
                    next.isLocalLeader() ? "the leader" : "a follower");
            if (consensusLog != null) {
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

        @Override
        public CompletableFuture<byte[]> executeOnLeader(byte[] encoded) {
            Leadership current = leadership;
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

        @Override
        public byte[] answer(byte[] question) throws IOException {
            if (consensusLog != null) {
                throw new IOException("node " + nodeId + " has no metadata WAL to answer questions about");
            }
            return LogQuestions.answer(MetadataEngine.this, question);
        }

        @Override
        public boolean isMetadataLog() {
            return consensusLog != null;
        }

        @Override
        public CompletableFuture<byte[]> applyCommitted(long index, byte[] command) {
            return CompletableFuture.completedFuture(requireConsensusLog().apply(index, command));
        }

        @Override
        public long writeSnapshot(OutputStream out) throws IOException {
            return requireConsensusLog().writeSnapshot(out);
        }

        @Override
        public void restoreSnapshot(InputStream in) throws IOException {
            requireConsensusLog().restoreSnapshot(in);
        }

        private ConsensusLogApplier requireConsensusLog() {
            if (consensusLog == null) {
                throw new IllegalStateException("node " + nodeId + " has a metadata WAL: the consensus log only"
                        + " carries proposals to the leader");
            }
            return consensusLog;
        }
    }
}
