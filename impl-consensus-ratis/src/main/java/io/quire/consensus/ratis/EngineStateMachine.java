package io.quire.consensus.ratis;

import io.quire.spi.consensus.ConsensusContext;
import io.quire.spi.consensus.Leadership;
import io.quire.spi.consensus.NotLeaderException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ratis state machine: hands the Raft log's entries to Quire's engine, in one of two modes.
 *
 * <p>With a metadata WAL, the Raft log carries only the writes followers propose, and the WAL stays
 * the one order that feeds Quire's state machine. A proposal is executed by exactly one node: the
 * leader of the term in which the entry was appended, while it still leads that term (the term
 * identifies the one leader that appended it). Every other node, and that leader once deposed,
 * skips it; the proposer then hears that it was not executed there.
 *
 * <p>Without a WAL, the Raft log is the metadata log: every member applies every entry, and the
 * Raft snapshots hold the engine's state so that the log can be purged and a lagging member
 * installs the state instead of the entries.
 *
 * <p>Leadership changes reach the engine in order, from one thread, with the term as the epoch; a
 * new leader is reported only once Ratis says it is ready (it has committed an entry of its term,
 * so a majority follows it).
 */
final class EngineStateMachine extends BaseStateMachine {

    private static final Logger log = LoggerFactory.getLogger(EngineStateMachine.class);

    private final int nodeId;
    private final ConsensusContext context;
    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private final ExecutorService events = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "quire-ratis-leadership");
        thread.setDaemon(true);
        return thread;
    });
    private volatile DivisionInfo division;
    private volatile Leadership leadership;
    /** The term in which this node leads and is ready; -1 while it does not lead. */
    private volatile long ledTerm = -1;
    /**
     * Completes once the engine has been told that this node leads {@link #ledTerm}: a proposal
     * applied right after the election waits for it, so that the engine knows it leads.
     */
    private volatile CompletableFuture<Void> ledTermReported = new CompletableFuture<>();
    private volatile boolean inStep;

    EngineStateMachine(int nodeId, ConsensusContext context) {
        this.nodeId = nodeId;
        this.context = context;
        this.leadership = Leadership.unknown(nodeId);
    }

    Leadership leadership() {
        return leadership;
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        storage.init(raftStorage);
        division = server.getDivision(groupId).getInfo();
        restoreLatestSnapshot();
        // Ratis leaves a BaseStateMachine's life cycle NEW; pause() needs it RUNNING to pause it.
        getLifeCycle().transition(LifeCycle.State.STARTING);
        getLifeCycle().transition(LifeCycle.State.RUNNING);
    }

    /**
     * Before Ratis installs a leader's snapshot here: its updater reloads the state machine only
     * from PAUSED, and a state machine left RUNNING makes it close this node's Raft server, leaving
     * the node up, following an epoch that is over, unable to forward a write.
     */
    @Override
    public void pause() {
        if (getLifeCycleState() == LifeCycle.State.RUNNING) {
            getLifeCycle().transition(LifeCycle.State.PAUSING);
            getLifeCycle().transition(LifeCycle.State.PAUSED);
        }
    }

    /** After Ratis installed a leader's snapshot here ({@link #pause()}): restores it and runs on. */
    @Override
    public void reinitialize() throws IOException {
        restoreLatestSnapshot();
        if (getLifeCycleState() == LifeCycle.State.PAUSED) {
            getLifeCycle().transition(LifeCycle.State.STARTING);
            getLifeCycle().transition(LifeCycle.State.RUNNING);
        }
    }

    @Override
    public StateMachineStorage getStateMachineStorage() {
        return storage;
    }

    @Override
    public SnapshotInfo getLatestSnapshot() {
        return storage.getLatestSnapshot();
    }

    /**
     * With a WAL, proposals hold no state once applied: the snapshot is an empty file that lets Ratis
     * purge its log. Without one, it is the engine's state.
     */
    @Override
    public long takeSnapshot() throws IOException {
        TermIndex last = getLastAppliedTermIndex();
        File file = storage.getSnapshotFile(last.getTerm(), last.getIndex());
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file.toPath()))) {
            if (context.isMetadataLog()) {
                context.writeSnapshot(out);
            }
        }
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(
                new FileInfo(file.toPath(), MD5FileUtil.computeAndSaveMd5ForFile(file)), last));
        return last.getIndex();
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext transaction) {
        LogEntryProto entry = transaction.getLogEntry();
        updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        ByteString data = entry.getStateMachineLogEntry().getLogData();
        if (Envelopes.header(data) != Envelopes.PROPOSAL) {
            return CompletableFuture.completedFuture(Envelopes.failed(new IllegalArgumentException(
                    "Raft log entry " + entry.getIndex() + " is not a proposal")));
        }
        if (context.isMetadataLog()) {
            return context.applyCommitted(entry.getIndex(), Envelopes.body(data)).handle((answer, error) ->
                    error == null ? Envelopes.wrap(Envelopes.ANSWER, answer) : Envelopes.failed(error));
        }
        if (entry.getTerm() != ledTerm || !division.isLeader()) {
            return CompletableFuture.completedFuture(Envelopes.wrap(Envelopes.NOT_EXECUTED, new byte[0]));
        }
        byte[] command = Envelopes.body(data);
        return ledTermReported.thenCompose(reported -> context.executeOnLeader(command)).handle((answer, error) ->
                error == null ? Envelopes.wrap(Envelopes.ANSWER, answer) : Envelopes.failed(error));
    }

    /** A question from another member's engine (a stale read: no log entry, no leader needed). */
    @Override
    public CompletableFuture<Message> query(Message request) {
        try {
            return CompletableFuture.completedFuture(
                    Envelopes.wrap(Envelopes.ANSWER, context.answer(request.getContent().toByteArray())));
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.completedFuture(Envelopes.failed(e));
        }
    }

    /**
     * Ratis applied an entry that is not a proposal (a configuration or a new leader's first entry).
     * The first one shows this member holds the group's log: until then its vote cannot help elect
     * a leader (Ratis refuses votes from empty logs once the group has committed anything).
     */
    @Override
    public void notifyTermIndexUpdated(long term, long index) {
        super.notifyTermIndexUpdated(term, index);
        if (!inStep) {
            inStep = true;
            log.info("Ratis: member {} holds the group's log (applied index {}, term {})", nodeId, index, term);
        }
    }

    @Override
    public synchronized void notifyLeaderChanged(RaftGroupMemberId member, RaftPeerId newLeader) {
        long term = division.getCurrentTerm();
        ledTerm = -1;
        ledTermReported.completeExceptionally(new NotLeaderException("node " + nodeId + " no longer leads"));
        ledTermReported = new CompletableFuture<>();
        // This node leads only once Ratis says it is ready; until then nobody is known to.
        OptionalInt leader = newLeader == null || RatisSettings.nodeId(newLeader) == nodeId
                ? OptionalInt.empty() : OptionalInt.of(RatisSettings.nodeId(newLeader));
        report(new Leadership(term, leader, nodeId), new CompletableFuture<>());
    }

    @Override
    public synchronized void notifyLeaderReady() {
        long term = division.getCurrentTerm();
        ledTerm = term;
        report(new Leadership(term, OptionalInt.of(nodeId), nodeId), ledTermReported);
    }

    @Override
    public void close() throws IOException {
        events.shutdown();
        try {
            if (!events.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("A leadership event was still being delivered to the engine at close");
                events.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        super.close();
    }

    /** Tells the engine, in order and from one thread; {@code delivered} completes once it has been told. */
    private void report(Leadership next, CompletableFuture<Void> delivered) {
        try {
            events.execute(() -> {
                if (next.epoch() >= leadership.epoch()) {
                    leadership = next;
                    try {
                        context.leadershipChanged(next);
                    } catch (RuntimeException e) {
                        log.error("The engine failed to take leadership {}", next, e);
                    }
                }
                delivered.complete(null);
            });
        } catch (RejectedExecutionException closing) {
            delivered.completeExceptionally(new NotLeaderException("ratis consensus is closing"));
        }
    }

    /** On start, and after Ratis installed a leader's snapshot here. */
    private void restoreLatestSnapshot() throws IOException {
        storage.loadLatestSnapshot();
        SnapshotInfo latest = storage.getLatestSnapshot();
        if (latest == null) {
            return;
        }
        if (context.isMetadataLog()) {
            Path file = latest.getFiles().get(0).getPath();
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                context.restoreSnapshot(in);
            }
        }
        setLastAppliedTermIndex(latest.getTermIndex());
    }
}
