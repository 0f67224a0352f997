package io.quire.launcher.wiring;

import io.quire.launcher.config.NodeKeys;
import io.quire.spi.plugin.ConfigException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The node's data directory: created when missing, checked writable, and locked so that two
 * processes never write the same files. A tool that reads a stopped node's files holds it shared
 * instead ({@link #lockShared}), which a running node excludes and which excludes a node starting.
 */
public final class DataDirectory implements AutoCloseable {

    private static final String LOCK_FILE = ".lock";

    private final FileChannel lockChannel;
    private final FileLock lock;

    private DataDirectory(FileChannel lockChannel, FileLock lock) {
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Creates (when missing) and locks {@code dir}.
     *
     * @throws ConfigException naming {@code data.dir} when the directory cannot be used
     */
    static DataDirectory lock(Path dir) {
        ensureWritableDirectory(dir, NodeKeys.DATA_DIR.name());
        FileChannel channel = null;
        try {
            channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new ConfigException(inUse(dir));
            }
            return new DataDirectory(channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new ConfigException(inUse(dir));
        } catch (IOException e) {
            closeQuietly(channel);
            throw new ConfigException("Config key 'data.dir': cannot lock " + dir + ": " + e.getMessage(), e);
        } catch (ConfigException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /**
     * Holds {@code dir} for reading a stopped node's files, creating and writing nothing: a shared
     * lock on its lock file, which a running node's exclusive lock refuses, and which makes a node
     * that starts meanwhile stop, "in use", before it opens (and recovers) anything.
     *
     * @return the held directory, or empty when it has no lock file: no node ever ran in it, so
     *     there is nothing to hold
     * @throws InUseException when a running node holds it
     */
    public static Optional<DataDirectory> lockShared(Path dir) throws IOException {
        Path lockFile = dir.resolve(LOCK_FILE);
        if (!Files.exists(lockFile)) {
            return Optional.empty();
        }
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.READ);
        try {
            FileLock lock = channel.tryLock(0, Long.MAX_VALUE, true);
            if (lock == null) {
                throw new InUseException(dir);
            }
            return Optional.of(new DataDirectory(channel, lock));
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new InUseException(dir);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** The data directory is held by a running node. */
    public static final class InUseException extends IOException {

        private static final long serialVersionUID = 1L;

        InUseException(Path dir) {
            super(heldBy(dir));
        }
    }

    /** The directory of one plugin, {@code <dataDir>/<kind>/<name>}, created when missing. */
    static Path pluginDir(Path dataDir, String kind, String name) {
        Path dir = kindDir(dataDir, kind).resolve(name);
        ensureWritableDirectory(dir, NodeKeys.DATA_DIR.name());
        return dir;
    }

    /** Where the plugins of one kind keep their directories: {@code <dataDir>/<kind>}. */
    public static Path kindDir(Path dataDir, String kind) {
        return dataDir.resolve(kind);
    }

    /** Where the node keeps its state-machine snapshots: {@code <dataDir>/snapshots}. */
    public static Path snapshotsDir(Path dataDir) {
        return dataDir.resolve("snapshots");
    }

    private static void ensureWritableDirectory(Path dir, String key) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ConfigException("Config key '" + key + "': cannot create directory " + dir + ": " + e, e);
        }
        if (!Files.isWritable(dir)) {
            throw new ConfigException("Config key '" + key + "': directory " + dir + " is not writable");
        }
    }

    private static String inUse(Path dir) {
        return "Config key 'data.dir': " + heldBy(dir);
    }

    private static String heldBy(Path dir) {
        return dir.toAbsolutePath() + " is in use by another Quire process";
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Already failing with a clearer error.
            }
        }
    }

    @Override
    public void close() throws IOException {
        lock.release();
        lockChannel.close();
    }
}
