package io.quire.spi.wal;

/** A read asked for an offset the WAL does not hold. */
public class WalOffsetOutOfRangeException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final long requested;
    private final long startOffset;
    private final long endOffset;

    public WalOffsetOutOfRangeException(long requested, long startOffset, long endOffset) {
        super("offset " + requested + " is outside the WAL's range [" + startOffset + ", " + endOffset + "]");
        this.requested = requested;
        this.startOffset = startOffset;
        this.endOffset = endOffset;
    }

    public long requested() {
        return requested;
    }

    public long startOffset() {
        return startOffset;
    }

    public long endOffset() {
        return endOffset;
    }
}
