package io.quire.api.result;

import java.util.Objects;

/** The outcome of validating or applying one command: success, or an error code and a message. */
public record CommandResult(ErrorCode error, String message) {

    public static final CommandResult OK = new CommandResult(ErrorCode.NONE, null);

    public CommandResult {
        Objects.requireNonNull(error, "error");
    }

    public static CommandResult failure(ErrorCode error, String message) {
        if (error == ErrorCode.NONE) {
            throw new IllegalArgumentException("a failure needs an error code");
        }
        return new CommandResult(error, message);
    }

    public boolean isSuccess() {
        return error == ErrorCode.NONE;
    }
}
