package io.quire.core.engine;

import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Where each epoch starts in this node's log (Kafka's leader-epoch cache, KIP-101): enough to tell
 * where a follower's log, ending in some epoch, parts from the leader's.
 */
final class EpochHistory {

    /** Epoch to the offset of its first record, both increasing. */
    private final TreeMap<Long, Long> firstOffsets = new TreeMap<>();

    synchronized void appended(long epoch, long offset) {
        if (firstOffsets.isEmpty() || firstOffsets.lastKey() < epoch) {
            firstOffsets.put(epoch, offset);
        }
    }

    /** Forgets the epochs of records at and above {@code endOffset}, which were cut. */
    synchronized void truncatedTo(long endOffset) {
        firstOffsets.values().removeIf(first -> first >= endOffset);
    }

    synchronized void clear() {
        firstOffsets.clear();
    }

    /**
     * One past the last offset this log holds in {@code epoch} or earlier: the first offset of the
     * next newer epoch, or {@code logEnd} when there is none.
     */
    synchronized long endOffsetFor(long epoch, long logEnd) {
        Map.Entry<Long, Long> newer = firstOffsets.higherEntry(epoch);
        return newer == null ? logEnd : newer.getValue();
    }

    /** The newest epoch at or below {@code epoch} that this log holds records of. */
    synchronized OptionalLong epochAtOrBelow(long epoch) {
        Long found = firstOffsets.floorKey(epoch);
        return found == null ? OptionalLong.empty() : OptionalLong.of(found);
    }

    /** The offset of the first record of {@code epoch} in this log, when it holds one. */
    synchronized OptionalLong startOf(long epoch) {
        Long first = firstOffsets.get(epoch);
        return first == null ? OptionalLong.empty() : OptionalLong.of(first);
    }

    /** The first offset of the oldest epoch known, or {@code logEnd} when none is. */
    synchronized long firstOffset(long logEnd) {
        return firstOffsets.isEmpty() ? logEnd : firstOffsets.firstEntry().getValue();
    }

    /** The epoch of the record at {@code offset}, or -1 when no known epoch covers it. */
    synchronized long epochAt(long offset) {
        long epoch = -1;
        for (Map.Entry<Long, Long> entry : firstOffsets.entrySet()) {
            if (entry.getValue() > offset) {
                break;
            }
            epoch = entry.getKey();
        }
        return epoch;
    }
}
