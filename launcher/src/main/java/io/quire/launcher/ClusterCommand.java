package io.quire.launcher;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code quire cluster}: a local cluster of separate node processes, each started as
 * {@code quire start} with ports and directories derived from the options, until this command is
 * interrupted (Ctrl-C or SIGTERM), which stops them all.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Run a local cluster of separate node processes in the foreground.")
final class ClusterCommand implements Callable<Integer> {

    /** The environment variable that hands the generated secret to the nodes, off their command lines. */
    static final String SECRET_VARIABLE = "QUIRE_CLUSTER_SECRET";

    /** Node N's replication port is base-port + REPLICATION_PORT_OFFSET + N: 9291 for node 1 by default. */
    static final int REPLICATION_PORT_OFFSET = 198;
    /** Node N's Raft (ratis consensus) port is base-port + CONSENSUS_PORT_OFFSET + N: 9491 for node 1 by default. */
    static final int CONSENSUS_PORT_OFFSET = 398;
    /** Node N's operations HTTP port (metrics, health) is base-port + HTTP_PORT_OFFSET + N: 9691 for node 1 by default. */
    static final int HTTP_PORT_OFFSET = 598;

    private static final Pattern READY = Pattern.compile("Kafka clients connect to (\\S+)");
    private static final long READY_TIMEOUT_SECONDS = 120;

    @Option(names = "--nodes", defaultValue = "3", description = "How many nodes (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--base-port", defaultValue = "9092",
            description = "Node N serves Kafka clients on base-port + N - 1, replicates on base-port + 198 + N and"
                    + " runs Raft on base-port + 398 + N and serves metrics and health on base-port + 598 + N"
                    + " (default ${DEFAULT-VALUE}).")
    int basePort;

    @Option(names = "--data-dir", defaultValue = "data", description = "Node N keeps its state in DIR/node<N>.")
    Path dataDir;

    @Option(names = "--logs-dir", defaultValue = "logs", description = "Node N logs to DIR/node<N>.log.")
    Path logsDir;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A config override for every node (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (nodes < 1 || basePort < 1 || basePort + HTTP_PORT_OFFSET + nodes > 65535) {
            System.err.println("quire cluster: --nodes must be at least 1 and every derived port below 65536");
            return Main.CONFIG_ERROR;
        }
        Files.createDirectories(logsDir);
        // Generated per run and never written anywhere: only the nodes started here know it.
        String secret = HexFormat.of().formatHex(randomBytes(32));
        List<Process> processes = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopAll(processes);
            stopped.countDown();
        }, "quire-cluster-shutdown"));
        for (int node = 1; node <= nodes; node++) {
            processes.add(startNode(node, secret));
        }
        for (int node = 1; node <= nodes; node++) {
            String address = awaitReady(processes.get(node - 1), logFile(node));
            System.out.println("node " + node + ": Kafka " + address + ", metrics and health http://127.0.0.1:"
                    + httpPort(node) + ", log " + logFile(node));
        }
        System.out.println("Quire cluster of " + nodes + " nodes is running; bootstrap servers: "
                + IntStream.rangeClosed(1, nodes).mapToObj(n -> "127.0.0.1:" + kafkaPort(n))
                        .collect(Collectors.joining(",")) + ". Ctrl-C stops it.");
        processes.forEach(process -> process.onExit().thenRun(() -> {
            if (stopped.getCount() > 0) {
                System.err.println("quire cluster: a node exited with status " + process.exitValue()
                        + "; see its log. The other nodes keep running.");
            }
        }));
        stopped.await();
        return 0;
    }

    private Process startNode(int node, String secret) throws IOException {
        List<String> command = new ArrayList<>(javaCommand());
        command.add("start");
        List<String> sets = new ArrayList<>(List.of(
                "node.id=" + node,
                "kafka.port=" + kafkaPort(node),
                "http.port=" + httpPort(node),
                "data.dir=" + dataDir.resolve("node" + node),
                "plugins.replication=tcp",
                "replication.tcp.port=" + replicationPort(node),
                "replication.tcp.peers=" + peers(REPLICATION_PORT_OFFSET),
                "replication.tcp.secret=${env:" + SECRET_VARIABLE + "}"));
        if (nodes > 1) {
            // Raft elects the leader; one node alone leads itself (the static default).
            sets.addAll(List.of("plugins.consensus=ratis",
                    "consensus.ratis.peers=" + peers(CONSENSUS_PORT_OFFSET)));
        }
        sets.addAll(overrides);
        for (String set : sets) {
            command.add("--set");
            command.add(set);
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put(SECRET_VARIABLE, secret);
        return builder
                .redirectErrorStream(true)
                .redirectOutput(logFile(node).toFile())
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

    private String awaitReady(Process process, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            Matcher ready = READY.matcher(Files.exists(log) ? Files.readString(log) : "");
            if (ready.find()) {
                return ready.group(1);
            }
            if (process.waitFor(100, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("a node exited with status " + process.exitValue()
                        + " before it was ready; see " + log);
            }
        }
        throw new IllegalStateException("a node was not ready within " + READY_TIMEOUT_SECONDS + " s; see " + log);
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

    private int kafkaPort(int node) {
        return basePort + node - 1;
    }

    private int httpPort(int node) {
        return basePort + HTTP_PORT_OFFSET + node;
    }

    private int replicationPort(int node) {
        return basePort + REPLICATION_PORT_OFFSET + node;
    }

    private String peers(int portOffset) {
        return IntStream.rangeClosed(1, nodes)
                .mapToObj(n -> n + "=127.0.0.1:" + (basePort + portOffset + n))
                .collect(Collectors.joining(","));
    }

    private Path logFile(int node) {
        return logsDir.resolve("node" + node + ".log");
    }
}
