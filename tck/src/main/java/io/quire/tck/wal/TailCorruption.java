package io.quire.tck.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Damages the end of a closed WAL the way a crash or a bad sector would, without knowing the
 * plugin's format: the kit cannot know where records are, but the newest file of the data
 * directory is where the last write went, so its last bytes are the most recent record's.
 */
final class TailCorruption {

    private TailCorruption() {}

    /** The most recently modified non-empty regular file under {@code dir}, searched recursively. */
    static Path newestFile(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> size(file) > 0)
                    .max(Comparator.comparing(TailCorruption::modified).thenComparing(Comparator.naturalOrder()))
                    .orElseThrow(() -> new IllegalStateException("the WAL left no non-empty file in " + dir));
        }
    }

    /** Cuts the last {@code bytes} bytes (or the whole file, if it is shorter), as a torn write leaves it. */
    static void truncate(Path file, int bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(Math.max(0, channel.size() - bytes));
        }
    }

    /** Inverts every bit of the byte {@code fromEnd} bytes before the end, as a bad sector would. */
    static void flipByte(Path file, int fromEnd) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long position = Math.max(0, channel.size() - fromEnd);
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, position);
            one.put(0, (byte) ~one.get(0)).rewind();
            channel.write(one, position);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).lastModifiedTime();
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
