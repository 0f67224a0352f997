package io.quire.wal.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The directory of segment files: how they are named, found, created and deleted. A segment file is
 * named after its base offset, zero-padded to 20 digits so that names sort like offsets
 * ({@code 00000000000000000042.wal}).
 *
 * <p>Creating or deleting a file changes the directory, which is only durable once the directory
 * itself is forced; every create and delete here does that before returning, so that a crash never
 * reorders them.
 */
final class SegmentDirectory {

    private static final Pattern SEGMENT_NAME = Pattern.compile("(\\d{20})\\.wal");

    private final Path dir;
    private final ChannelFactory channels;

    SegmentDirectory(Path dir, ChannelFactory channels) {
        this.dir = dir;
        this.channels = channels;
    }

    Path path() {
        return dir;
    }

    static String fileName(long baseOffset) {
        return String.format("%020d.wal", baseOffset);
    }

    /** Why a segment file that starts at {@code baseOffset} does not continue a log that ends at {@code expected}. */
    static String unexpectedBaseOffset(long baseOffset, long expected) {
        return "segment file starts at offset " + baseOffset + " but offset " + expected + " was expected";
    }

    /** The base offsets of the segment files present, ascending; other files are ignored. */
    List<Long> baseOffsets() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> SEGMENT_NAME.matcher(file.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(name -> Long.parseLong(name.group(1)))
                    .sorted()
                    .toList();
        }
    }

    Segment open(long baseOffset) throws IOException {
        Path file = dir.resolve(fileName(baseOffset));
        return new Segment(baseOffset, file, channels.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE));
    }

    /** Opens a segment file for reading only, for a reader that must not change the directory. */
    FileChannel openForReading(long baseOffset) throws IOException {
        return channels.open(dir.resolve(fileName(baseOffset)), StandardOpenOption.READ);
    }

    /** Creates an empty segment file and makes its existence durable. */
    Segment create(long baseOffset) throws IOException {
        Path file = dir.resolve(fileName(baseOffset));
        Segment segment = new Segment(baseOffset, file, channels.open(file,
                StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW));
        sync();
        return segment;
    }

    /** Deletes a segment file (already closed) and makes its removal durable. */
    void delete(long baseOffset) throws IOException {
        Files.deleteIfExists(dir.resolve(fileName(baseOffset)));
        sync();
    }

    private void sync() throws IOException {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }
}
