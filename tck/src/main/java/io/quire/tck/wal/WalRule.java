package io.quire.tck.wal;

import io.quire.tck.support.NumberedRule;

/** The numbered rules of the metadata WAL contract, as listed in the kit's {@code RULES.md}. */
enum WalRule implements NumberedRule {
    WAL01("dense offsets in append order"),
    WAL02("a completed append is durable"),
    WAL03("acknowledged records survive a crash of the appending process"),
    WAL04("a torn tail is cut and never returned"),
    WAL05("a corrupt tail is cut and never returned"),
    WAL06("reads from any offset"),
    WAL07("reads during appends see only durable, correct records"),
    WAL08("concurrent appends keep one total order"),
    WAL09("suffix truncation"),
    WAL10("prefix deletion below the end"),
    WAL11("prefix deletion beyond the end restarts the log"),
    WAL12("records of 1 byte and 1 MiB"),
    WAL13("an empty payload"),
    WAL14("an empty WAL"),
    WAL15("epochs never go back"),
    WAL16("a closed WAL fails clearly"),
    WAL17("close settles every pending append"),
    WAL18("an unusable data directory fails create"),
    WAL19("a full disk fails the append and keeps what was acknowledged"),
    WAL20("a failed force fails the append");

    private final String title;

    WalRule(String title) {
        this.title = title;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public String toString() {
        return label();
    }
}
