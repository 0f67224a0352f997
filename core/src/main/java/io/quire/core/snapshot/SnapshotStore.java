package io.quire.core.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * State-machine snapshots on disk, one file each, named after the offset they cover up to and the
 * epoch of their last record. A file is written aside, forced and renamed into place, so a
 * snapshot is either whole or absent; the newest {@link #KEPT} are kept.
 */
public final class SnapshotStore {

    /** How many snapshots stay on disk; older ones are deleted once a newer one is in place. */
    static final int KEPT = 2;

    private static final Pattern NAME = Pattern.compile("snapshot-(\\d{20})-(\\d+)\\.bin");

    private final Path dir;

    public SnapshotStore(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        deleteUnfinished();
    }

    /** A stored snapshot: the state after every record below {@code endOffset}. */
    public record Snapshot(long endOffset, long epoch, Path file) {

        public InputStream open() throws IOException {
            return Files.newInputStream(file);
        }
    }

    /** Writes the snapshot that {@code content} produces, durably. */
    public Snapshot write(long endOffset, long epoch, SnapshotWriter content) throws IOException {
        Path temporary = dir.resolve(name(endOffset, epoch) + ".tmp");
        try (OutputStream out = Files.newOutputStream(temporary)) {
            content.writeTo(out);
        }
        return publish(temporary, endOffset, epoch);
    }

    /** Stores a snapshot received from the leader, durably. */
    public Snapshot install(long endOffset, long epoch, InputStream data) throws IOException {
        Path temporary = dir.resolve(name(endOffset, epoch) + ".tmp");
        Files.copy(data, temporary, StandardCopyOption.REPLACE_EXISTING);
        return publish(temporary, endOffset, epoch);
    }

    /** The snapshot of the records below {@code endOffset}, while it is still kept. */
    public Optional<Snapshot> find(long endOffset) throws IOException {
        return storedIn(dir).stream().filter(snapshot -> snapshot.endOffset() == endOffset).findFirst();
    }

    /** The newest snapshot, if any. */
    public Optional<Snapshot> latest() throws IOException {
        return storedIn(dir).stream().max(Comparator.comparingLong(Snapshot::endOffset));
    }

    private Snapshot publish(Path temporary, long endOffset, long epoch) throws IOException {
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Path file = dir.resolve(name(endOffset, epoch));
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory();
        List<Snapshot> stored = storedIn(dir);
        for (int i = 0; i < stored.size() - KEPT; i++) {
            Files.deleteIfExists(stored.get(i).file());
        }
        return new Snapshot(endOffset, epoch, file);
    }

    /**
     * The snapshots in {@code dir}, oldest first, found without creating or deleting anything (the
     * constructor deletes unfinished ones), for tools that inspect a stopped node's files. None when
     * {@code dir} does not exist.
     */
    public static List<Snapshot> storedIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(SnapshotStore::parse).flatMap(Optional::stream)
                    .sorted(Comparator.comparingLong(Snapshot::endOffset))
                    .toList();
        }
    }

    private static Optional<Snapshot> parse(Path file) {
        Matcher matcher = NAME.matcher(file.getFileName().toString());
        return matcher.matches()
                ? Optional.of(new Snapshot(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)), file))
                : Optional.empty();
    }

    private void deleteUnfinished() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()) {
                Files.delete(file);
            }
        }
    }

    private void forceDirectory() throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static String name(long endOffset, long epoch) {
        return String.format("snapshot-%020d-%d.bin", endOffset, epoch);
    }

    /** Writes a snapshot's content. */
    @FunctionalInterface
    public interface SnapshotWriter {
        void writeTo(OutputStream out) throws IOException;
    }
}
