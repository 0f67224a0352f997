package io.quire.bench.wal;

/**
 * One row of the results: what ran, with how many concurrent writers, and what it measured.
 *
 * @param run {@link #RAW} for the raw write+force loop, otherwise a WAL plugin's name
 */
record Measurement(String run, int appenders, LoopResult result) {

    /** The name of the raw write+force loop's row. */
    static final String RAW = "raw write+force";
}
