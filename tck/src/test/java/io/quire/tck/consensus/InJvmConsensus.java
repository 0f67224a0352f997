package io.quire.tck.consensus;

import io.quire.spi.consensus.Consensus;
import io.quire.spi.consensus.ConsensusContext;
import io.quire.spi.consensus.Leadership;
import io.quire.spi.consensus.NotLeaderException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A consensus member without network, for the kit's self-test: the members of a group meet in an
 * {@link InJvmGroup} of this JVM, which elects under one lock. The term is kept in the member's data
 * directory, so that a restarted member knows it. With {@link Flaw#NONE} it keeps the contract;
 * each other flaw breaks one promise on purpose.
 */
final class InJvmConsensus implements Consensus {

    /** How this consensus breaks the contract. */
    enum Flaw {
        NONE,
        /** Another member is also told it leads each epoch (con01). */
        TWO_LEADERS_PER_EPOCH,
        /** After each election, every member is told its previous leadership again, last (con02). */
        STALE_EVENT_LAST,
        /** Each event is delivered on a thread of its own (con02). */
        CONCURRENT_EVENTS,
        /** The leader executes each proposal twice (con03). */
        EXECUTES_TWICE,
        /** A proposal without a majority waits forever (con04). */
        HANGS_WITHOUT_A_MAJORITY,
        /** Without a majority, a proposal fails with the plugin's own exception, unreadable to the engine (con04). */
        OPAQUE_FAILURE_WITHOUT_A_MAJORITY,
        /** Any running member, alone or not, elects itself (con05). */
        MINORITY_ELECTS,
        /** Questions are answered by the asking member's own engine (con06). */
        ANSWERS_LOCALLY,
        /** members() leaves out the local member (con07). */
        MEMBERS_WITHOUT_SELF,
        /** A closed member stays in its group and keeps hearing of its changes (con08). */
        EVENTS_AFTER_CLOSE
    }

    final int nodeId;
    final Flaw flaw;
    private final InJvmGroup group;
    private final Path termFile;
    private final ExecutorService events;
    volatile ConsensusContext context;
    /** What this member knows; changed by its group under the group's lock. */
    volatile Leadership leadership;
    volatile boolean closed;

    InJvmConsensus(int nodeId, Map<Integer, Integer> portsByMember, Path dataDir, Flaw flaw) {
        this.nodeId = nodeId;
        this.flaw = flaw;
        this.group = InJvmGroup.of(portsByMember);
        this.termFile = dataDir.resolve("term");
        this.leadership = Leadership.unknown(nodeId);
        this.events = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "in-jvm consensus events of node " + nodeId);
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void start(ConsensusContext context) {
        this.context = context;
        group.join(this);
    }

    @Override
    public Leadership leadership() {
        return leadership;
    }

    @Override
    public CompletableFuture<byte[]> propose(byte[] command) {
        InJvmConsensus leader = group.leaderWithAMajority();
        if (closed || leader == null) {
            return switch (flaw) {
                case HANGS_WITHOUT_A_MAJORITY -> new CompletableFuture<>();
                case OPAQUE_FAILURE_WITHOUT_A_MAJORITY -> CompletableFuture.failedFuture(
                        new IOException("gave up after 30 attempts"));
                default -> CompletableFuture.failedFuture(new NotLeaderException("no leader with a majority"));
            };
        }
        CompletableFuture<byte[]> result = leader.context.executeOnLeader(command);
        return flaw == Flaw.EXECUTES_TWICE ? leader.context.executeOnLeader(command) : result;
    }

    @Override
    public Set<Integer> members() {
        Set<Integer> members = new TreeSet<>(group.ids());
        if (flaw == Flaw.MEMBERS_WITHOUT_SELF) {
            members.remove(nodeId);
        }
        return members;
    }

    @Override
    public CompletableFuture<byte[]> ask(int memberId, byte[] question) {
        if (!group.ids().contains(memberId)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("node " + memberId + " is no member"));
        }
        InJvmConsensus target = flaw == Flaw.ANSWERS_LOCALLY ? this : group.running(memberId);
        if (target == null) {
            return CompletableFuture.failedFuture(new IOException("node " + memberId + " is not running"));
        }
        try {
            return CompletableFuture.completedFuture(target.context.answer(question));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public boolean canBeTheMetadataLog() {
        return false;
    }

    @Override
    public void close() {
        closed = true;
        group.leave(this);
        if (flaw == Flaw.EVENTS_AFTER_CLOSE) {
            return;
        }
        // Events already queued are delivered before close returns; none can be queued after.
        events.shutdown();
        try {
            events.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- called by the group, under its lock

    long term() {
        try {
            return Files.exists(termFile) ? Long.parseLong(Files.readString(termFile, StandardCharsets.UTF_8)) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void persistTerm(long term) {
        try {
            Files.writeString(termFile, Long.toString(term), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Changes what this member knows and tells its engine. */
    void tell(Leadership next) {
        leadership = next;
        deliver(next);
    }

    /** Tells the engine without changing what this member knows: how the flaws lie. */
    void deliver(Leadership event) {
        ConsensusContext engine = context;
        if (flaw == Flaw.CONCURRENT_EVENTS) {
            Thread thread = new Thread(() -> engine.leadershipChanged(event), "in-jvm event to node " + nodeId);
            thread.setDaemon(true);
            thread.start();
        } else {
            events.execute(() -> engine.leadershipChanged(event));
        }
    }
}
