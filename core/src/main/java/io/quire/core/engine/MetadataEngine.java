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
import io.quire.spi.consensus.Consensus;
import io.quire.spi.consensus.ConsensusContext;
import io.quire.spi.consensus.Leadership;
import io.quire.spi.consensus.NotLeaderException;
import io.quire.spi.statemachine.StateMachine;
import io.quire.spi.wal.MetadataWal;
import io.quire.spi.wal.WalRecord;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata engine of one node: the one order in which commands reach the state machine.
 *
 * <p>On the leader every write takes the fast path: validate, serialize, append to the metadata
 * WAL (group-committed, durable before it completes), apply in offset order, wake the waiter,
 * answer. On a follower a write goes through the consensus plugin to the leader's fast path.
 *
 * <p>Lifecycle: {@link #recover()} replays the WAL into the state machine, {@link #start} hands
 * control to consensus and registers this node as a broker, {@link #close()} stops consensus.
 */
public final class MetadataEngine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MetadataEngine.class);
    private static final int REPLAY_BATCH = 1024;

    private final int nodeId;
    private final MetadataWal wal;
    private final StateMachine stateMachine;
    private final Consensus consensus;
    private final CommandCodec codec;
    private volatile OrderedApplier applier;
    private volatile Leadership leadership;

    public MetadataEngine(int nodeId, MetadataWal wal, StateMachine stateMachine, Consensus consensus,
            CommandCodec codec) {
        this.nodeId = nodeId;
        this.wal = wal;
        this.stateMachine = stateMachine;
        this.consensus = consensus;
        this.codec = codec;
        this.leadership = Leadership.unknown(nodeId);
    }

    /**
     * Replays every WAL record the state machine has not applied.
     *
     * @throws IOException when the WAL cannot be read
     * @throws CodecException when a record is not a command this version can read; nothing is
     *     skipped, the node must not start with a partial state
     */
    public void recover() throws IOException {
        long next = stateMachine.appliedOffset() + 1;
        if (next < wal.startOffset()) {
            throw new IllegalStateException("the metadata WAL starts at offset " + wal.startOffset()
                    + " but the state machine has applied only up to offset " + stateMachine.appliedOffset());
        }
        log.info("Phase 2: Metadata WAL enabled: offsets [{}, {}), last epoch {}",
                wal.startOffset(), wal.endOffset(), wal.lastEpoch());
        OrderedApplier replaying = new OrderedApplier(stateMachine, next);
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
        consensus.start(new Context());
        if (stateMachine.view().broker(nodeId).filter(self::equals).isPresent()) {
            return;
        }
        CompletableFuture<CommandResult> registration = write(new RegisterBroker(self));
        if (!leadership.isLocalLeader()) {
            registration.whenComplete((result, error) -> {
                if (error != null || !result.isSuccess()) {
                    log.warn("Registering broker {} through the leader failed: {}", nodeId,
                            error != null ? error.getMessage() : result.message());
                }
            });
            return;
        }
        CommandResult result = await(registration, timeout);
        if (!result.isSuccess()) {
            throw new IllegalStateException("registering broker " + nodeId + " failed: " + result.message());
        }
    }

    /**
     * Writes a command through the one order: the fast path on the leader, consensus otherwise.
     * Completes with the command's result once it is applied on this node, or with a failure result
     * ({@link ErrorCode#NOT_LEADER}, {@link ErrorCode#INTERNAL_ERROR}); never exceptionally.
     */
    public CompletableFuture<CommandResult> write(MetadataCommand command) {
        Leadership current = leadership;
        if (current.isLocalLeader()) {
            return appendAndApply(command, current);
        }
        log.debug("Forwarding {} to the leader through consensus", describe(command));
        return consensus.propose(codec.encode(command))
                .thenApply(codec::decodeResult)
                .exceptionally(error -> failureOf(unwrap(error)));
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

    @Override
    public void close() {
        consensus.close();
    }

    private CompletableFuture<CommandResult> appendAndApply(MetadataCommand command, Leadership current) {
        CommandResult check = stateMachine.validate(command);
        if (!check.isSuccess()) {
            return CompletableFuture.completedFuture(check);
        }
        String what = describe(command);
        if (command instanceof CreateTopic create) {
            log.info("Phase 2: Leader creating topic {} ({} partitions, id {})", create.name(),
                    create.replicaAssignment().size(), create.topicId());
        } else {
            log.info("Phase 2: Leader writing {}", what);
        }
        CompletableFuture<CommandResult> applied = new CompletableFuture<>();
        wal.append(current.epoch(), codec.encode(command)).whenComplete((offset, error) -> {
            if (error != null) {
                log.error("Metadata WAL append failed for {}", what, unwrap(error));
                applied.complete(CommandResult.failure(ErrorCode.INTERNAL_ERROR,
                        "the metadata WAL could not make the change durable: " + unwrap(error).getMessage()));
                return;
            }
            log.info("Wrote {} to metadata WAL at offset {}", what, offset);
            applier.durable(offset, command, applied);
        });
        return applied;
    }

    /** A short name of the command for log lines: its type and what it is about. */
    private static String describe(MetadataCommand command) {
        if (command instanceof CreateTopic create) {
            return "CreateTopic " + create.name();
        }
        if (command instanceof DeleteTopic delete) {
            return "DeleteTopic " + delete.name();
        }
        RegisterBroker register = (RegisterBroker) command;
        return "RegisterBroker " + register.broker().id() + " at " + register.broker().host() + ":"
                + register.broker().port();
    }

    private static CommandResult failureOf(Throwable error) {
        if (error instanceof NotLeaderException) {
            return CommandResult.failure(ErrorCode.NOT_LEADER, error.getMessage());
        }
        if (error instanceof TimeoutException) {
            return CommandResult.failure(ErrorCode.REQUEST_TIMED_OUT, "timed out waiting for the leader");
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
            Leadership previous = leadership;
            if (next.epoch() < previous.epoch()) {
                log.warn("Ignoring leadership of epoch {}: epoch {} is known", next.epoch(), previous.epoch());
                return;
            }
            leadership = next;
            log.info("Leadership: epoch {}, leader {}, this node {} is {}", next.epoch(),
                    next.leaderId().isPresent() ? next.leaderId().getAsInt() : "unknown", nodeId,
                    next.isLocalLeader() ? "the leader" : "a follower");
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
                return CompletableFuture.completedFuture(codec.encodeResult(
                        CommandResult.failure(ErrorCode.INVALID_REQUEST, e.getMessage())));
            }
            return appendAndApply(command, current).thenApply(codec::encodeResult);
        }
    }
}
