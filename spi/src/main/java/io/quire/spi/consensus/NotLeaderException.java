package io.quire.spi.consensus;

/** A proposal could not be handed to a leader. */
public class NotLeaderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NotLeaderException(String message) {
        super(message);
    }
}
