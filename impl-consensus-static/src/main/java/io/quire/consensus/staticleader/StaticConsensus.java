package io.quire.consensus.staticleader;

import io.quire.spi.consensus.Consensus;
import io.quire.spi.consensus.ConsensusContext;
import io.quire.spi.consensus.Leadership;
import io.quire.spi.consensus.NotLeaderException;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A leader fixed by config in epoch 1. There are no elections, so there is nothing to carry a
 * follower's write to the leader: a proposal succeeds only on the leader itself. The leader alone
 * is the quorum, and there is no channel to ask other nodes anything.
 */
final class StaticConsensus implements Consensus {

    /** The one epoch of a static cluster. */
    static final long EPOCH = 1;

    private final Leadership leadership;
    private volatile ConsensusContext context;

    StaticConsensus(int nodeId, int leaderId) {
        this.leadership = new Leadership(EPOCH, OptionalInt.of(leaderId), nodeId);
    }

    @Override
    public void start(ConsensusContext context) {
        this.context = context;
        context.leadershipChanged(leadership);
    }

    @Override
    public Leadership leadership() {
        return leadership;
    }

    @Override
    public CompletableFuture<byte[]> propose(byte[] command) {
        ConsensusContext started = context;
        if (started == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("static consensus is not started"));
        }
        if (!leadership.isLocalLeader()) {
            return CompletableFuture.failedFuture(new NotLeaderException("node " + leadership.localNodeId()
                    + " is not the leader and static consensus cannot forward writes to node "
                    + leadership.leaderId().getAsInt()));
        }
        return started.executeOnLeader(command);
    }

    @Override
    /** The leader and this node; the leader counts only itself, so its quorum is itself alone. */
    public Set<Integer> members() {
        return leadership.isLocalLeader() ? Set.of(leadership.localNodeId())
                : Set.of(leadership.leaderId().getAsInt(), leadership.localNodeId());
    }

    @Override
    public CompletableFuture<byte[]> ask(int memberId, byte[] question) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(
                "static consensus has no channel to node " + memberId));
    }

    @Override
    public boolean canBeTheMetadataLog() {
        return false;
    }

    @Override
    public void close() {
        context = null;
    }
}
