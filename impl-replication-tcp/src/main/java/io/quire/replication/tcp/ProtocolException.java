package io.quire.replication.tcp;

import io.netty.handler.codec.DecoderException;

/** A peer broke the replication protocol; the message says how, and the connection is closed. */
final class ProtocolException extends Exception {

    private static final long serialVersionUID = 1L;

    ProtocolException(String message) {
        super(message);
    }

    /** A reason for a log line, from whatever failed on a connection. */
    static String describe(Throwable cause) {
        Throwable reason = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        return reason instanceof ProtocolException ? reason.getMessage() : reason.toString();
    }
}
