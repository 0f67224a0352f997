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

/**
 * The node's data directory: created when missing, checked writable, and locked so that two
 * processes never write the same files.
 */
final class DataDirectory implements AutoCloseable {

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

    /** The directory of one plugin, {@code <dataDir>/<kind>/<name>}, created when missing. */
    static Path pluginDir(Path dataDir, String kind, String name) {
        Path dir = dataDir.resolve(kind).resolve(name);
        ensureWritableDirectory(dir, NodeKeys.DATA_DIR.name());
        return dir;
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
        return "Config key 'data.dir': " + dir.toAbsolutePath() + " is in use by another Quire process";
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
