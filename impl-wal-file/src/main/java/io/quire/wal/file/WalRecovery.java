package io.quire.wal.file;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the segment files of a WAL directory and rebuilds their index, keeping the records up to
 * the first torn or corrupt one and removing that record and everything after it.
 *
 * <p>A record is torn or corrupt when its header is short, its length is out of range or runs past
 * the end of the file, its CRC does not match, or its offset is not the expected next one; a segment
 * file whose base offset does not continue the previous file is treated the same way. The cut
 * deletes the later segment files newest first and then truncates the damaged file, so that a crash
 * in the middle of recovery leaves a log the next recovery reads the same way.
 */
final class WalRecovery {

    /** The recovered segments, oldest first, never empty, and the epoch of the last record (-1 if none). */
    record RecoveredLog(List<Segment> segments, long lastEpoch) {}

    private static final Logger LOG = LoggerFactory.getLogger(WalRecovery.class);

    private final SegmentDirectory directory;
    private final int maxRecordBytes;
    private final List<Segment> segments = new ArrayList<>();
    private long lastEpoch = -1;

    private WalRecovery(SegmentDirectory directory, int maxRecordBytes) {
        this.directory = directory;
        this.maxRecordBytes = maxRecordBytes;
    }

    /** Recovers the WAL in {@code directory}, creating its first segment when there is none. */
    static RecoveredLog recover(SegmentDirectory directory, int maxRecordBytes) throws IOException {
        WalRecovery recovery = new WalRecovery(directory, maxRecordBytes);
        try {
            return recovery.run();
        } catch (IOException | RuntimeException e) {
            recovery.closeOpened(e);
            throw e;
        }
    }

    private RecoveredLog run() throws IOException {
        List<Long> baseOffsets = directory.baseOffsets();
        for (int i = 0; i < baseOffsets.size(); i++) {
            long baseOffset = baseOffsets.get(i);
            if (!segments.isEmpty() && baseOffset != lastSegment().endOffset()) {
                long expected = lastSegment().endOffset();
                warnCut(expected, SegmentDirectory.fileName(baseOffset), 0,
                        SegmentDirectory.unexpectedBaseOffset(baseOffset, expected));
                deleteNewestFirst(baseOffsets.subList(i, baseOffsets.size()), expected);
                break;
            }
            Segment segment = directory.open(baseOffset);
            segments.add(segment);
            if (!scan(segment, baseOffsets.subList(i + 1, baseOffsets.size()))) {
                break;
            }
        }
        if (segments.isEmpty()) {
            segments.add(directory.create(0));
        }
        return new RecoveredLog(List.copyOf(segments), lastEpoch);
    }

    /**
     * Indexes the frames of {@code segment}; on damage, removes {@code laterBaseOffsets} and cuts the
     * segment there. Returns whether the whole segment was intact.
     */
    private boolean scan(Segment segment, List<Long> laterBaseOffsets) throws IOException {
        FrameScanner frames = segment.scanFrames(maxRecordBytes);
        while (frames.hasNext()) {
            long position = frames.position();
            long expected = segment.endOffset();
            FrameScanner.Result result = frames.next();
            Optional<String> problem = result.problemAt(expected);
            if (problem.isEmpty()) {
                segment.addRecord(position);
                lastEpoch = ((FrameScanner.Frame) result).epoch();
                continue;
            }
            warnCut(expected, segment.toString(), position, problem.get());
            deleteNewestFirst(laterBaseOffsets, expected);
            segment.truncateTo(position);
            return false;
        }
        return true;
    }

    private void deleteNewestFirst(List<Long> baseOffsets, long cutOffset) throws IOException {
        for (int i = baseOffsets.size() - 1; i >= 0; i--) {
            directory.delete(baseOffsets.get(i));
            LOG.warn("Metadata WAL recovery: deleted segment file {} beyond the cut at offset {}",
                    SegmentDirectory.fileName(baseOffsets.get(i)), cutOffset);
        }
    }

    private static void warnCut(long offset, String fileName, long position, String reason) {
        LOG.warn("Metadata WAL recovery: cut torn or corrupt tail at offset {} (file {}, position {}): {}",
                offset, fileName, position, reason);
    }

    private Segment lastSegment() {
        return segments.get(segments.size() - 1);
    }

    private void closeOpened(Exception failure) {
        for (Segment segment : segments) {
            try {
                segment.close();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }
}
