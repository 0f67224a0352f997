package io.quire.tck.wal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small tmpfs mounted over a directory, to make a disk full on purpose. Mounting needs root (or
 * CAP_SYS_ADMIN); where it is refused, the rule that needs it is skipped with the reason.
 */
final class Tmpfs implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Tmpfs.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    private final Path mountPoint;

    private Tmpfs(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /**
     * Mounts a tmpfs of {@code size} (as {@code mount -o size=} takes it, e.g. {@code 1m}) over the
     * existing directory {@code mountPoint}; skips the calling test when that is not possible.
     */
    static Tmpfs mount(WalRule rule, Path mountPoint, String size) {
        Result result = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mountPoint.toString());
        Assumptions.assumeTrue(result.succeeded(), () -> rule + " skipped: it needs a " + size
                + " tmpfs, and 'mount -t tmpfs' failed (it needs root or CAP_SYS_ADMIN): " + result.output());
        return new Tmpfs(mountPoint);
    }

    /** Grows or shrinks the file system, as an operator freeing space would; returns whether it worked. */
    boolean resize(String size) {
        Result result = run("mount", "-o", "remount,size=" + size, mountPoint.toString());
        if (!result.succeeded()) {
            LOG.warn("Could not resize the tmpfs at {} to {}: {}", mountPoint, size, result.output());
        }
        return result.succeeded();
    }

    /** Unmounts; lazily when files are still open, so that a test never leaves a mount behind. */
    @Override
    public void close() {
        Result result = run("umount", mountPoint.toString());
        if (!result.succeeded()) {
            Result lazy = run("umount", "-l", mountPoint.toString());
            if (!lazy.succeeded()) {
                LOG.warn("Could not unmount the tmpfs at {}: {}; {}", mountPoint, result.output(), lazy.output());
            }
        }
    }

    private record Result(boolean succeeded, String output) {}

    private static Result run(String... command) {
        try {
            Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Result(false, String.join(" ", command) + " did not finish within " + COMMAND_TIMEOUT);
            }
            // The commands print a line at most, far less than a pipe holds, so reading after exit is safe.
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return new Result(process.exitValue() == 0, output.isEmpty() ? "exit status " + process.exitValue() : output);
        } catch (IOException e) {
            return new Result(false, String.join(" ", command) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, String.join(" ", command) + " was interrupted");
        }
    }
}
