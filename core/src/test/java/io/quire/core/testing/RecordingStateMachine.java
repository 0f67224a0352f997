package io.quire.core.testing;

import io.quire.api.command.MetadataCommand;
import io.quire.api.metadata.MetadataView;
import io.quire.api.result.CommandResult;
import io.quire.spi.statemachine.StateMachine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A decorator of the real state machine that records every apply, in the order the engine made them. */
public final class RecordingStateMachine implements StateMachine {

    /** One call of {@link StateMachine#apply}. */
    public record Applied(long offset, MetadataCommand command, CommandResult result) {}

    private final StateMachine delegate;
    private final List<Applied> applied = new CopyOnWriteArrayList<>();

    public RecordingStateMachine(StateMachine delegate) {
        this.delegate = delegate;
    }

    /** Every apply so far, in call order. */
    public List<Applied> applied() {
        return List.copyOf(applied);
    }

    @Override
    public CommandResult apply(long offset, MetadataCommand command) {
        CommandResult result = delegate.apply(offset, command);
        applied.add(new Applied(offset, command, result));
        return result;
    }

    @Override
    public CommandResult validate(MetadataCommand command) {
        return delegate.validate(command);
    }

    @Override
    public long appliedOffset() {
        return delegate.appliedOffset();
    }

    @Override
    public MetadataView view() {
        return delegate.view();
    }

    @Override
    public String digest() {
        return delegate.digest();
    }

    @Override
    public void writeSnapshot(OutputStream out) throws IOException {
        delegate.writeSnapshot(out);
    }

    @Override
    public void restoreSnapshot(InputStream in) throws IOException {
        delegate.restoreSnapshot(in);
    }
}
