package io.quire.spi.replication;

/** A record arrived that is not the next one expected; the transport must resend from {@link #expected()}. */
public class OffsetGapException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final long expected;

    public OffsetGapException(long received, long expected) {
        super("record at offset " + received + " refused: expected offset " + expected);
        this.expected = expected;
    }

    public long expected() {
        return expected;
    }
}
