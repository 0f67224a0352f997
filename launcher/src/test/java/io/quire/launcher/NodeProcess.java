package io.quire.launcher;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Quire node in its own JVM, started from the packaged launcher the way {@code bin/quire} starts
 * it: the launcher and its dependencies on the module path. Its output goes to a log file that
 * tests read.
 */
final class NodeProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("Kafka clients connect to ([^:\\s]+):(\\d+)");
    private static final Pattern OPS = Pattern.compile("Operations endpoint serves .* on http://[^:\\s]+:(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path log;
    private final int port;
    private final int httpPort;

    private NodeProcess(Process process, Path log, int port, int httpPort) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.httpPort = httpPort;
    }

    /**
     * Starts a node as {@code bin/quire} lays it out (packaged modules on the module path, the
     * class-path plugins on the class path) and waits until it is ready.
     */
    static NodeProcess start(Path log, String... overrides) throws IOException {
        return start(log, Layout.modulePath(), Layout.classPath(), overrides);
    }

    /**
     * Starts a node with the given module path and class path, and waits until it is ready.
     *
     * @throws IllegalStateException when the process exits before it is ready
     */
    static NodeProcess start(Path log, List<Path> modulePath, List<Path> classPath, String... overrides)
            throws IOException {
        long readyBefore = countReady(log);
        Process process = launch(log, modulePath, classPath, overrides);
        int port = awaitReady(process, log, readyBefore);
        return new NodeProcess(process, log, port, last(OPS, read(log)));
    }

    /** Runs {@code quire start} to its end (for configs that must fail) and returns its exit code. */
    static int runToExit(Path log, String... overrides) throws IOException, InterruptedException {
        Process process = launch(log, Layout.modulePath(), Layout.classPath(), overrides);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("quire start did not exit; log: " + Files.readString(log));
        }
        return process.exitValue();
    }

    private static Process launch(Path log, List<Path> modulePath, List<Path> classPath, String... overrides)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Layout.java(), "-Xmx256m",
                "--module-path", Layout.join(modulePath), "--add-modules", "ALL-MODULE-PATH,ALL-DEFAULT"));
        if (!classPath.isEmpty()) {
            command.addAll(List.of("--class-path", Layout.join(classPath)));
        }
        command.addAll(List.of("--module", "io.quire.launcher/io.quire.launcher.Main", "start",
                "--set", "kafka.host=127.0.0.1", "--set", "kafka.port=0", "--set", "http.port=0"));
        for (String override : overrides) {
            command.addAll(List.of("--set", override));
        }
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    /** Waits for a ready line beyond the {@code readyBefore} already in the log; returns its port. */
    private static int awaitReady(Process process, Path log, long readyBefore) {
        try {
            await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the node exited with " + process.exitValue() + " before it was"
                            + " ready; its log:\n" + read(log));
                }
                return countReady(log) > readyBefore;
            });
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        return last(READY, read(log));
    }

    /** The port in the last match of {@code pattern}'s last group; -1 when none. */
    private static int last(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        int port = -1;
        while (matcher.find()) {
            port = Integer.parseInt(matcher.group(matcher.groupCount()));
        }
        return port;
    }

    /** Ready lines so far in the log. */
    private static long countReady(Path log) {
        return read(log).lines().filter(line -> READY.matcher(line).find()).count();
    }

    static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int kafkaPort() {
        return port;
    }

    /** The port of the node's operations HTTP endpoint (metrics, health, status). */
    int httpPort() {
        return httpPort;
    }

    String log() {
        return read(log);
    }

    /** Freezes the JVM with SIGSTOP: its sockets stay open but it answers nothing, like a cut-off host. */
    void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** Thaws a paused JVM with SIGCONT. */
    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the JVM with SIGKILL: no shutdown hook runs, nothing is flushed. */
    void kill() {
        process.destroyForcibly();
        process.onExit().join();
    }

    /** Stops the JVM with SIGTERM and waits for its shutdown. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    /** Where the packaged launcher lives: {@code target/lib} plus the launcher jar. */
    static final class Layout {

        private Layout() {}

        static List<Path> modulePath() {
            List<Path> path = new ArrayList<>(libJars());
            path.add(launcherJar());
            return path;
        }

        static List<Path> libJars() {
            return jars(Path.of("target", "lib"));
        }

        /** What cannot be a module: the ratis plugin and Apache Ratis. */
        static List<Path> classPath() {
            return jars(Path.of("target", "classpath"));
        }

        private static List<Path> jars(Path directory) {
            try (Stream<Path> jars = Files.list(directory)) {
                return jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException("run 'mvn package' first: " + directory + " is missing", e);
            }
        }

        static Path launcherJar() {
            try (Stream<Path> jars = Files.list(Path.of("target"))) {
                Optional<Path> jar = jars.filter(p -> p.getFileName().toString().matches("quire-launcher-.*\\.jar"))
                        .filter(p -> !p.getFileName().toString().contains("tests"))
                        .findFirst();
                return jar.orElseThrow(() -> new IllegalStateException("run 'mvn package' first: no launcher jar"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static String java() {
            return Path.of(System.getProperty("java.home"), "bin", "java").toString();
        }

        static String join(List<Path> paths) {
            return String.join(File.pathSeparator, paths.stream().map(Path::toString).toList());
        }
    }
}
