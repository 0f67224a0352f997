package io.quire.launcher;

import io.quire.launcher.config.NodeConfig;
import io.quire.launcher.config.RawConfig;
import io.quire.launcher.plugins.PluginRegistry;
import io.quire.spi.plugin.ConfigException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code quire cluster}: a local cluster of separate node processes, each started as
 * {@code quire start} with the settings of a {@link ClusterLayout}, until this command is
 * interrupted (Ctrl-C or SIGTERM), which stops them all.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Run a local cluster of separate node processes in the foreground.")
final class ClusterCommand implements Callable<Integer> {

    /** The node's ready line, with the addresses of its Kafka listener and of its plugins' listeners. */
    private static final Pattern READY =
            Pattern.compile("Quire node \\d+ is ready: Kafka clients connect to ([^\\n]+)\\n");
    private static final Pattern CONFIG_ERROR = Pattern.compile("quire: invalid configuration: [^\\n]+");
    private static final long READY_TIMEOUT_SECONDS = 120;

    @Option(names = "--nodes", defaultValue = "3", description = "How many nodes, at most "
            + ClusterLayout.MAX_NODES + " (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--base-port", defaultValue = "9092",
            description = "Node N serves Kafka clients on base-port + N - 1; the plugins take their ports from that"
                    + " one (replication base-port + 198 + N, Raft + 398 + N, Hazelcast + 498 + N), and metrics and"
                    + " health are served on base-port + 598 + N (default ${DEFAULT-VALUE}).")
    int basePort;

    @Option(names = "--data-dir", defaultValue = "data", description = "Node N keeps its state in DIR/node<N>.")
    Path dataDir;

    @Option(names = "--logs-dir", defaultValue = "logs", description = "Node N logs to DIR/node<N>.log.")
    Path logsDir;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A config override for every node (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        // Generated per run and never written anywhere: only the nodes started here know it.
        String secret = HexFormat.of().formatHex(randomBytes(32));
        ClusterLayout layout;
        try {
            layout = ClusterLayout.of(nodes, basePort, dataDir, overrides);
            validate(layout, secret);
        } catch (ConfigException e) {
            System.err.println("quire cluster: invalid configuration: " + e.getMessage());
            return Main.CONFIG_ERROR;
        }
        Files.createDirectories(logsDir);
        List<Process> processes = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopAll(processes);
            stopped.countDown();
        }, "quire-cluster-shutdown"));
        for (int node = 1; node <= nodes; node++) {
            processes.add(startNode(layout.settings(node), secret, logFile(node)));
        }
        for (int node = 1; node <= nodes; node++) {
            String listeners;
            try {
                listeners = awaitReady(processes.get(node - 1), logFile(node));
            } catch (NotReady e) {
                // The shutdown hook stops the nodes that did start.
                System.err.println("quire cluster: node " + node + " " + e.getMessage());
                return e.status;
            }
            System.out.println("node " + node + ": Kafka " + listeners + ", metrics and health http://127.0.0.1:"
                    + layout.httpPort(node) + ", log " + logFile(node));
        }
        System.out.println("Quire cluster of " + nodes + " nodes is running; bootstrap servers: "
                + layout.bootstrapServers() + ". Ctrl-C stops it.");
        processes.forEach(process -> process.onExit().thenRun(() -> {
            if (stopped.getCount() > 0) {
                System.err.println("quire cluster: a node exited with status " + process.exitValue()
                        + "; see its log. The other nodes keep running.");
            }
        }));
        stopped.await();
        return 0;
    }

    /**
     * Checks every node's settings as the node will, before any is started, so that a mistake stops
     * the command at once with the node's own message.
     */
    private static void validate(ClusterLayout layout, String secret) {
        PluginRegistry plugins = PluginRegistry.discover(ClusterCommand.class.getClassLoader());
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put(ClusterLayout.SECRET_VARIABLE, secret);
        for (int node = 1; node <= layout.nodes(); node++) {
            NodeConfig.resolve(RawConfig.empty().withOverrides(layout.settings(node)), plugins, environment);
        }
    }

    private static Process startNode(List<String> settings, String secret, Path log) throws IOException {
        List<String> command = new ArrayList<>(javaCommand());
        command.add("start");
        for (String set : settings) {
            command.add("--set");
            command.add(set);
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put(ClusterLayout.SECRET_VARIABLE, secret);
        return builder
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** This JVM's way of running the launcher, so that every node runs the same build. */
    private static List<String> javaCommand() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(arg -> arg.startsWith("-X") || arg.startsWith("-D"))
                .forEach(command::add);
        String modulePath = System.getProperty("jdk.module.path");
        String classPath = System.getProperty("java.class.path");
        if (modulePath != null && !modulePath.isEmpty()) {
            command.addAll(List.of("--module-path", modulePath, "--add-modules", "ALL-MODULE-PATH,ALL-DEFAULT"));
            if (classPath != null && !classPath.isEmpty()) {
                command.addAll(List.of("--class-path", classPath));
            }
            command.addAll(List.of("--module", "io.quire.launcher/" + Main.class.getName()));
        } else {
            command.addAll(List.of("--class-path", classPath, Main.class.getName()));
        }
        return command;
    }

    /**
     * Waits for the node's ready line and returns what it says after "Kafka clients connect to".
     *
     * @throws NotReady when the node exits first or is not ready in time
     */
    private static String awaitReady(Process process, Path log) throws IOException, InterruptedException, NotReady {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            Matcher ready = READY.matcher(Files.exists(log) ? Files.readString(log) : "");
            if (ready.find()) {
                return ready.group(1);
            }
            if (process.waitFor(100, TimeUnit.MILLISECONDS)) {
                Matcher configError = CONFIG_ERROR.matcher(Files.readString(log));
                throw new NotReady(process.exitValue(), "exited with status " + process.exitValue()
                        + " before it was ready" + (configError.find() ? ": " + configError.group() : "")
                        + "; see " + log);
            }
        }
        throw new NotReady(1, "was not ready within " + READY_TIMEOUT_SECONDS + " s; see " + log);
    }

    /** A node that did not become ready, and the status this command exits with. */
    private static final class NotReady extends Exception {

        private static final long serialVersionUID = 1L;

        final int status;

        NotReady(int status, String message) {
            super(message);
            this.status = status == 0 ? 1 : status;
        }
    }

    private static void stopAll(List<Process> processes) {
        processes.forEach(Process::destroy);
        for (Process process : processes) {
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private Path logFile(int node) {
        return logsDir.resolve("node" + node + ".log");
    }
}
