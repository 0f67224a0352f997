package io.quire.tck.wal;

import static org.awaitility.Awaitility.await;

import io.quire.spi.wal.WalProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The parent's side of rule wal03: a separate JVM running {@link CrashingAppender} on the same class
 * path, whose acknowledgements are collected as they are printed, and which is killed with SIGKILL
 * so that nothing in it (shutdown hooks, finalizers, buffered writers) gets a chance to run.
 */
final class AppendingChild implements AutoCloseable {

    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);
    private static final int STDERR_SHOWN = 4000;

    private final Process process;
    private final Path stderr;
    private final List<AckLine> acks = new CopyOnWriteArrayList<>();
    private final Thread ackReader;

    private AppendingChild(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.ackReader = new Thread(this::collectAcks, "wal03-ack-reader");
        this.ackReader.setDaemon(true);
        this.ackReader.start();
    }

    /**
     * Starts the child, appending in {@code epoch} from {@code writers} threads to a WAL in
     * {@code dataDir}; its stderr goes to {@code stderr}, to be shown when it fails.
     */
    static AppendingChild start(Class<? extends WalProvider> provider, Map<String, String> settings, Path dataDir,
            long epoch, int writers, Path stderr) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // The child only appends: a small, quickly started JVM leaves the CPU to the WAL.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"),
                CrashingAppender.class.getName(),
                provider.getName(), dataDir.toString(), Long.toString(epoch), Integer.toString(writers)));
        settings.forEach((key, value) -> command.add(key + "=" + value));
        Process process = new ProcessBuilder(command)
                .redirectError(stderr.toFile())
                .start();
        return new AppendingChild(process, stderr);
    }

    /** Waits until {@code count} appends were acknowledged; fails when the child dies or stalls first. */
    void awaitAcks(WalRule rule, int count, Duration timeout) throws IOException {
        try {
            await().atMost(timeout).until(() -> acks.size() >= count || !process.isAlive());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(rule.that("the appending child acknowledged %d of %d appends within %s;"
                    + " its stderr:%n%s", acks.size(), count, timeout, stderrText()), e);
        }
        if (acks.size() < count) {
            throw new AssertionError(rule.that("the appending child exited with status %d after %d of %d"
                    + " acknowledgements; its stderr:%n%s", process.exitValue(), acks.size(), count, stderrText()));
        }
    }

    /**
     * Kills the child with SIGKILL and returns every acknowledgement it printed before it died,
     * including those still in the pipe when it was killed.
     */
    List<AckLine> kill(WalRule rule) throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(rule.that("the appending child did not die within %s of SIGKILL", EXIT_TIMEOUT));
        }
        ackReader.join(EXIT_TIMEOUT.toMillis());
        if (ackReader.isAlive()) {
            throw new AssertionError(rule.that("the child's stdout did not close within %s of its death", EXIT_TIMEOUT));
        }
        return List.copyOf(acks);
    }

    /** Kills the child if a rule failed before it was killed on purpose, and releases its pipes. */
    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        // The child's stdin, which only the parent holds; the other pipes end with the child.
        process.getOutputStream().close();
    }

    private void collectAcks() {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                AckLine.parse(line).ifPresent(acks::add);
            }
        } catch (IOException e) {
            // The stream breaks when the child dies; what was read so far is what was acknowledged.
        }
    }

    /** The end of the child's stderr, where the reason it died is. */
    private String stderrText() throws IOException {
        String text = Files.readString(stderr, StandardCharsets.UTF_8);
        return text.length() <= STDERR_SHOWN ? text : "..." + text.substring(text.length() - STDERR_SHOWN);
    }
}
