package io.quire.wal.mapdb;

import java.io.IOException;

/** A stored value that does not hold the record of its offset. */
final class CorruptRecordException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long offset;
    private final String reason;

    CorruptRecordException(long offset, String reason) {
        super("corrupt record at offset " + offset + ": " + reason);
        this.offset = offset;
        this.reason = reason;
    }

    long offset() {
        return offset;
    }

    /** What is wrong with the value, without the offset. */
    String reason() {
        return reason;
    }
}
