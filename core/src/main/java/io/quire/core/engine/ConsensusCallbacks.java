package io.quire.core.engine;

import io.quire.spi.consensus.ConsensusContext;
import io.quire.spi.consensus.Leadership;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/** What consensus calls back into: each call goes to the part of the engine that handles it. */
final class ConsensusCallbacks implements ConsensusContext {

    private final MetadataEngine engine;
    private final LeadershipTransitions leadership;
    /** Applies the consensus log when there is no WAL; null with a WAL. */
    private final ConsensusLogApplier consensusLog;

    ConsensusCallbacks(MetadataEngine engine, LeadershipTransitions leadership, ConsensusLogApplier consensusLog) {
        this.engine = engine;
        this.leadership = leadership;
        this.consensusLog = consensusLog;
    }

    @Override
    public int nodeId() {
        return engine.nodeId();
    }

    @Override
    public void leadershipChanged(Leadership next) {
        leadership.changed(next);
    }

    @Override
    public CompletableFuture<byte[]> executeOnLeader(byte[] encoded) {
        return engine.executeOnLeader(encoded);
    }

    @Override
    public byte[] answer(byte[] question) throws IOException {
        return LogQuestions.answer(engine, question);
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
            throw new IllegalStateException("node " + engine.nodeId() + " has a metadata WAL: the consensus log only"
                    + " carries proposals to the leader");
        }
        return consensusLog;
    }
}
