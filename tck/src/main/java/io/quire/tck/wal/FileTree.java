package io.quire.tck.wal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The names and contents (SHA-256) of every file and directory under a directory at one moment, for a test to
 * prove that a reader changed nothing: two trees are equal when the same paths hold the same bytes.
 */
public final class FileTree {

    private final Map<String, String> contents;

    private FileTree(Map<String, String> contents) {
        this.contents = contents;
    }

    /** Reads every file under {@code dir} (directories by name only). */
    public static FileTree of(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            Map<String, String> contents = new TreeMap<>();
            for (Path path : paths.toList()) {
                contents.put(dir.relativize(path).toString(), Files.isDirectory(path) ? "directory" : digest(path));
            }
            return new FileTree(contents);
        }
    }

    private static String digest(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FileTree tree && contents.equals(tree.contents);
    }

    @Override
    public int hashCode() {
        return contents.hashCode();
    }

    /** Each path with a digest of its bytes, one a line, so that a failed comparison shows what changed. */
    @Override
    public String toString() {
        return contents.entrySet().stream().map(entry -> entry.getKey() + " " + entry.getValue())
                .collect(Collectors.joining("\n"));
    }
}
