package io.quire.core.engine;

import io.quire.api.command.MetadataCommand;
import io.quire.api.result.CommandResult;
import io.quire.api.result.ErrorCode;
import io.quire.core.codec.CodecException;
import io.quire.core.codec.CommandCodec;
import io.quire.spi.statemachine.StateMachine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the state machine from the consensus log, for a node without a metadata WAL (the seed's
 * Phase 1, and the baseline the fast path is measured against): each committed entry is applied on
 * every member in log order, the entry's index standing for the offset; snapshots are the
 * consensus plugin's to keep.
 */
final class ConsensusLogApplier {

    private static final Logger log = LoggerFactory.getLogger(ConsensusLogApplier.class);

    private final StateMachine stateMachine;
    private final CommandCodec codec;
    private final AppliedWaiters appliedWaiters;

    ConsensusLogApplier(StateMachine stateMachine, CommandCodec codec, AppliedWaiters appliedWaiters) {
        this.stateMachine = stateMachine;
        this.codec = codec;
        this.appliedWaiters = appliedWaiters;
    }

    /** Applies the entry at {@code index}; the answer is the encoded {@link Written}. */
    byte[] apply(long index, byte[] encoded) {
        Written written;
        synchronized (this) {
            if (index <= stateMachine.appliedOffset()) {
                // Replayed after a snapshot that already covers it: nobody waits for this answer.
                return new Written(-1, CommandResult.OK).encode(codec);
            }
            MetadataCommand command;
            try {
                command = codec.decode(encoded);
            } catch (CodecException e) {
                // Every member refuses the same bytes the same way; nothing is applied.
                return new Written(-1, CommandResult.failure(ErrorCode.INVALID_REQUEST,
                        e.getMessage())).encode(codec);
            }
            written = new Written(index, stateMachine.apply(index, command));
            log.info("Phase 1: applied {} from the consensus log at index {}: {}", MetadataEngine.describe(command),
                    index, written.result().isSuccess() ? "OK" : written.result().error());
        }
        appliedWaiters.appliedUpTo(index);
        return written.encode(codec);
    }

    AppliedWaiters appliedWaiters() {
        return appliedWaiters;
    }

    synchronized long writeSnapshot(OutputStream out) throws IOException {
        stateMachine.writeSnapshot(out);
        return stateMachine.appliedOffset();
    }

    void restoreSnapshot(InputStream in) throws IOException {
        long applied;
        synchronized (this) {
            stateMachine.restoreSnapshot(in);
            applied = stateMachine.appliedOffset();
        }
        log.info("Phase 1: restored the state from the consensus log's snapshot (index {}, digest {})", applied,
                stateMachine.digest());
        appliedWaiters.appliedUpTo(applied);
    }
}
