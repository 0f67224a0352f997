package io.quire.spi.replication;

/** A record came from an epoch older than the newest this node knows: a deposed leader. */
public class StaleEpochException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public StaleEpochException(long recordEpoch, long knownEpoch) {
        super("record of epoch " + recordEpoch + " refused: epoch " + knownEpoch + " is known");
    }
}
