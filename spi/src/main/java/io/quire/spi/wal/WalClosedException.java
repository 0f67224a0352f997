package io.quire.spi.wal;

/** The WAL was used after {@link MetadataWal#close()}. */
public class WalClosedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public WalClosedException(String message) {
        super(message);
    }
}
