package io.quire.core.testing;

import io.quire.spi.consensus.Consensus;
import io.quire.spi.consensus.ConsensusContext;
import io.quire.spi.consensus.Leadership;
import io.quire.spi.consensus.NotLeaderException;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A minimal consensus for one node: on {@link #start} it reports this node as the leader of epoch 1,
 * and a proposal goes straight to the engine's {@link ConsensusContext#executeOnLeader}.
 */
public final class LocalLeaderConsensus implements Consensus {

    public static final long EPOCH = 1;

    private final Leadership leadership;
    private volatile ConsensusContext context;
    private volatile boolean closed;

    public LocalLeaderConsensus(int nodeId) {
        this.leadership = new Leadership(EPOCH, OptionalInt.of(nodeId), nodeId);
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
        if (started == null || closed) {
            return CompletableFuture.failedFuture(new NotLeaderException("test consensus is not running"));
        }
        return started.executeOnLeader(command);
    }

    @Override
    public Set<Integer> members() {
        return Set.of(leadership.localNodeId());
    }

    @Override
    public CompletableFuture<byte[]> ask(int memberId, byte[] question) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("a single node asks nobody"));
    }

    @Override
    public boolean canBeTheMetadataLog() {
        return false;
    }

    @Override
    public void close() {
        closed = true;
    }

    public boolean isClosed() {
        return closed;
    }
}
