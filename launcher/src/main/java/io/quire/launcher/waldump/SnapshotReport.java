package io.quire.launcher.waldump;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * One snapshot as the dump shows it.
 *
 * @param endOffset the snapshot holds the state after every record below this offset
 * @param epoch the epoch of the last record it covers
 * @param bytes the file's size
 * @param problem why it does not read back intact; empty when it does
 * @param summary what the state it holds amounts to (brokers, topics, partitions, digest); empty
 *     when it does not read back
 */
record SnapshotReport(long endOffset, long epoch, long bytes, Path file, Optional<String> problem,
        Map<String, Object> summary) {

    boolean intact() {
        return problem.isEmpty();
    }
}
