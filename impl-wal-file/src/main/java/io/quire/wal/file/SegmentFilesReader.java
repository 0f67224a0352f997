package io.quire.wal.file;

import io.quire.spi.wal.WalProvider;
import io.quire.spi.wal.WalRecord;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The {@code file} WAL's offline reader: every segment file of a directory, opened read-only and
 * scanned frame by frame as recovery scans it, but reporting what recovery would cut instead of
 * cutting it. It steps over a frame whose CRC does not match (its length still delimits it) and
 * stops reading a file at bytes that delimit no frame; the next file is read from its start.
 *
 * <p>Lengths are checked against the highest {@code max-record-bytes} a node accepts, since the
 * node's own setting is not known here: a node configured lower would also cut at a record longer
 * than its setting.
 */
final class SegmentFilesReader implements WalProvider.OfflineReader {

    @Override
    public boolean read(Path dir, WalProvider.Findings findings) throws IOException {
        SegmentDirectory directory = new SegmentDirectory(dir, ChannelFactory.DEFAULT);
        List<Long> baseOffsets = directory.baseOffsets();
        long expected = baseOffsets.isEmpty() ? 0 : baseOffsets.get(0);
        for (long baseOffset : baseOffsets) {
            String file = SegmentDirectory.fileName(baseOffset);
            if (baseOffset != expected) {
                findings.damage(expected, "file " + file, SegmentDirectory.unexpectedBaseOffset(baseOffset, expected));
                expected = baseOffset;
            }
            try (FileChannel channel = directory.openForReading(baseOffset)) {
                expected = readSegment(channel, file, expected, findings);
            }
        }
        return true;
    }

    /** Reports the frames of one segment file; returns the offset expected after them. */
    private static long readSegment(FileChannel channel, String file, long expected, WalProvider.Findings findings)
            throws IOException {
        FrameScanner frames = new FrameScanner(channel, FileWalProvider.LARGEST_MAX_RECORD_BYTES);
        long next = expected;
        while (frames.hasNext()) {
            String location = "file " + file + ", position " + frames.position();
            FrameScanner.Result result = frames.next();
            Optional<String> problem = result.problemAt(next);
            if (result instanceof FrameScanner.Frame frame) {
                if (problem.isPresent()) {
                    findings.damage(next, location, problem.get());
                }
                findings.record(new WalRecord(frame.epoch(), frame.offset(), frame.payload()), true);
                next = frame.offset() + 1;
            } else if (result instanceof FrameScanner.Mismatch mismatch) {
                findings.record(new WalRecord(mismatch.epoch(), next, mismatch.payload()), false);
                findings.damage(next, location, problem.orElseThrow());
                next++;
            } else {
                findings.damage(next, location, problem.orElseThrow());
                break;
            }
        }
        return next;
    }
}
