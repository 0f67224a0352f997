package io.quire.core.status;

/**
 * How far a long piece of work has come: replaying the WAL at start, sending or installing a
 * snapshot, a follower catching up.
 *
 * @param task what is being done, e.g. "replaying the metadata WAL"
 * @param unit what {@code done} and {@code total} count: "records" or "bytes"
 * @param total how many there are in all; -1 when not known in advance
 * @param perSecond the rate so far
 * @param secondsLeft the time left at that rate; -1 when not known
 */
public record Progress(String task, String unit, long done, long total, double perSecond, long secondsLeft) {}
