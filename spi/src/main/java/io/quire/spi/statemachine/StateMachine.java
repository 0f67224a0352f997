package io.quire.spi.statemachine;

import io.quire.api.command.MetadataCommand;
import io.quire.api.metadata.MetadataView;
import io.quire.api.result.CommandResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Applies metadata commands to in-memory state.
 *
 * <h2>Contract</h2>
 * <ol>
 *   <li><b>Determinism.</b> {@link #apply} is a function of the state and the command alone (no
 *       clock, no randomness, no node id): every node that applies the same commands in the same
 *       order reaches the same {@link #digest()}.
 *   <li><b>Order.</b> The engine calls {@link #apply} with strictly increasing offsets, each
 *       command once. A command that the state rejects (a topic that already exists) is still
 *       applied: it returns the failure and leaves the state unchanged, identically on every node.
 *   <li><b>Validation.</b> {@link #validate} answers what {@link #apply} would answer now, without
 *       changing anything; the leader uses it to refuse a command before writing it to the log.
 *   <li><b>Snapshots.</b> {@link #writeSnapshot} captures the state up to {@link #appliedOffset()};
 *       {@link #restoreSnapshot} on a fresh instance reproduces that state, offset and digest.
 * </ol>
 *
 * <h2>Threading</h2>
 * The engine calls {@link #apply}, {@link #writeSnapshot} and {@link #restoreSnapshot} from one
 * thread at a time. {@link #validate}, {@link #view()}, {@link #appliedOffset()} and {@link #digest()}
 * are reads: they may be called from any thread, concurrently with each other and with those.
 */
public interface StateMachine {

    /** Applies the command written at {@code offset}; returns its outcome. */
    CommandResult apply(long offset, MetadataCommand command);

    /** What {@link #apply} of {@code command} would return now; changes nothing. */
    CommandResult validate(MetadataCommand command);

    /** The offset of the last applied command, or -1 when none was applied. */
    long appliedOffset();

    /** A live, thread-safe read view of the state. */
    MetadataView view();

    /**
     * A digest of the whole state (not of the applied offset): equal on two nodes exactly when
     * their states are equal. A hex string.
     */
    String digest();

    void writeSnapshot(OutputStream out) throws IOException;

    /**
     * Replaces the state with the snapshot's.
     *
     * @throws IOException when the snapshot is unreadable or corrupt; the state is then unchanged
     */
    void restoreSnapshot(InputStream in) throws IOException;
}
