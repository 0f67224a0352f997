package io.quire.campaigns.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * One Quire node as an operator runs it: {@code bin/quire start} with its settings, as its own
 * process, stopped with SIGTERM, killed with SIGKILL, paused with SIGSTOP. Every start of the node
 * appends to one log file, each start preceded by a line that says so.
 */
public final class QuireNode {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(2);

    private final int id;
    private final Path home;
    private final Path log;
    private final Path dataDir;
    private final int kafkaPort;
    private final int httpPort;
    private final List<String> settings;
    private final String secret;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();
    private Process process;
    private int starts;

    QuireNode(int id, Path home, Path dataDir, Path log, int kafkaPort, int httpPort, List<String> settings,
            String secret) {
        this.id = id;
        this.dataDir = dataDir;
        this.home = home;
        this.log = log;
        this.kafkaPort = kafkaPort;
        this.httpPort = httpPort;
        this.settings = List.copyOf(settings);
        this.secret = secret;
    }

    public int id() {
        return id;
    }

    public String kafkaAddress() {
        return "127.0.0.1:" + kafkaPort;
    }

    public Path log() {
        return log;
    }

    /** The running node's process id; empty when it is not running. */
    public OptionalLong pid() {
        return isRunning() ? OptionalLong.of(process.pid()) : OptionalLong.empty();
    }

    /** The node's data directory (data.dir). */
    public Path dataDir() {
        return dataDir;
    }

    /** The port of the node's Kafka listener; each plugin's port is a fixed offset from it. */
    public int kafkaPort() {
        return kafkaPort;
    }

    /** The node's metrics in Prometheus' text format, or empty while it does not answer. */
    public Optional<String> metrics() throws InterruptedException {
        try {
            return Optional.of(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                    .timeout(HTTP_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException notAnswering) {
            return Optional.empty();
        }
    }

    /** Launches the node; it is ready later ({@link #state()}). */
    public void start() throws IOException {
        if (isRunning()) {
            throw new IllegalStateException("node " + id + " is already running");
        }
        starts++;
        Files.writeString(log, String.format("=== campaign: start %d of node %d at %s%n", starts, id, Instant.now()),
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/quire").toString(), "start"));
        for (String setting : settings) {
            command.addAll(List.of("--set", setting));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("QUIRE_SKIP_BUILD", "1");
        builder.environment().put(QuireCluster.SECRET_VARIABLE, secret);
        // Three nodes and the clients share 2 cores, and each node is restarted many times: C1 alone
        // starts a node sooner and leaves the cores to the cluster.
        builder.environment().put("QUIRE_JAVA_OPTS", "-Xmx512m -XX:TieredStopAtLevel=1");
        process = builder.start();
    }

    /** SIGKILL: nothing is flushed, no shutdown hook runs. */
    public void kill() {
        if (isRunning()) {
            process.destroyForcibly();
            process.onExit().join();
        }
    }

    /** SIGTERM, and waits for the node's orderly shutdown (then SIGKILL after 30 s). */
    public void stop() throws InterruptedException {
        if (isRunning()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }

    /** SIGSTOP: the JVM freezes with its sockets open, like a host that stalls. */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT: a paused node runs on, unaware of the time it lost. */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " (node " + id + ") failed");
        }
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The node's own view of itself, or empty while it does not answer (down, starting, paused). */
    public Optional<NodeState> state() throws InterruptedException {
        if (!isRunning()) {
            return Optional.empty();
        }
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpPort + "/health/ready")).timeout(HTTP_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            return Optional.of(NodeState.of(JSON.readTree(answer.body())));
        } catch (IOException notAnswering) {
            return Optional.empty();
        }
    }
}
