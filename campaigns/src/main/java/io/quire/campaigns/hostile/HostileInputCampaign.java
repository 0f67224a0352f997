package io.quire.campaigns.hostile;

import io.quire.campaigns.cluster.NodeLogs;
import io.quire.campaigns.cluster.NodeMetrics;
import io.quire.campaigns.cluster.QuireCluster;
import io.quire.campaigns.cluster.QuireNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Campaign 4, against live nodes: for a while, several flooders open connection after connection
 * to every port of every node (Kafka, tcp replication, Raft) and send {@link BadFrames}, while one
 * well-behaved client creates and lists topics. Every node must live through it, serve that client
 * throughout without an error, keep its heap within a bound and its thread count flat, log at
 * most a few warnings a second, and end with the same state as the others.
 */
public final class HostileInputCampaign {

    /** @param flooders threads, each sending one bad connection after another */
    public record Setup(Duration flood, int flooders, long seed) {}

    /** With the nodes' -Xmx512m: a flood may not hold more than this live on any node. */
    static final long HEAP_BOUND_BYTES = 384L << 20;
    /** Threads a node may have more after the flood than before it (pools that grow to their size). */
    static final int THREAD_GROWTH_BOUND = 16;
    /** Warnings and errors a node may log per second of flood, on average. */
    static final double WARNINGS_PER_SECOND_BOUND = 10;
    private static final int[] PORT_OFFSETS = {0, 199, 399};
    private static final String[] PORT_NAMES = {"kafka", "replication", "raft"};

    private final Path home;
    private final Path dir;
    private final Setup setup;
    private final Map<String, AtomicLong> sent = new ConcurrentHashMap<>();
    private final AtomicLong closedByNode = new AtomicLong();
    private final AtomicLong leftOpen = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final List<String> clientErrors = new ArrayList<>();
    private volatile boolean flooding;

    public HostileInputCampaign(Path home, Path dir, Setup setup) {
        this.home = home;
        this.dir = dir;
        this.setup = setup;
    }

    public HostileFigures run() throws Exception {
        Random random = new Random(setup.seed());
        try (QuireCluster cluster = QuireCluster.ofThree(home, dir, "tcp", "quorum", random)) {
            cluster.startAll();
            cluster.awaitLeader(Duration.ofSeconds(90));
            long[] threadsBefore = NodeMetrics.liveThreads(cluster);
            long[] warningsBefore = warnings(cluster);
            long[] peakHeap = new long[3];
            ExecutorService pool = Executors.newFixedThreadPool(setup.flooders() + 1);
            flooding = true;
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < setup.flooders(); i++) {
                long seed = setup.seed() + 1 + i;
                work.add(pool.submit(() -> flood(cluster, new Random(seed))));
            }
            long created;
            long begin = System.nanoTime();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    cluster.bootstrapServers()))) {
                Future<Long> bystander = pool.submit(() -> serve(admin, random.nextLong()));
                while (System.nanoTime() - begin < setup.flood().toNanos()) {
                    NodeMetrics.samplePeakHeap(cluster, peakHeap);
                    Thread.sleep(500);
                }
                flooding = false;
                for (Future<?> flooder : work) {
                    flooder.get();
                }
                created = bystander.get();
            } finally {
                flooding = false;
                pool.shutdownNow();
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            long[] warningsAfter = warnings(cluster);
            long[] threadsAfter = NodeMetrics.liveThreads(cluster);
            boolean allAlive = cluster.nodes().stream().allMatch(QuireNode::isRunning);
            Duration converged = cluster.awaitConverged(Duration.ofSeconds(60));
            cluster.stopAll();
            List<NodeLogs.Stop> stops = NodeLogs.lastStops(cluster.nodes());
            long[] warningsPerNode = new long[3];
            for (int i = 0; i < 3; i++) {
                warningsPerNode[i] = warningsAfter[i] - warningsBefore[i];
            }
            return new HostileFigures(setup, Map.copyOf(toCounts()), closedByNode.get(), leftOpen.get(),
                    refused.get(), created, List.copyOf(clientErrors), peakHeap, threadsBefore, threadsAfter,
                    warningsPerNode, seconds, allAlive, converged, stops);
        }
    }

    private Map<String, Long> toCounts() {
        Map<String, Long> counts = new TreeMap<>();
        sent.forEach((kind, count) -> counts.put(kind, count.get()));
        return counts;
    }

    /** One bad connection after another, to a random port of a random node, until the flood ends. */
    private Void flood(QuireCluster cluster, Random random) {
        while (flooding) {
            QuireNode node = cluster.node(1 + random.nextInt(3));
            int port = random.nextInt(PORT_OFFSETS.length);
            BadFrames.Kind kind = BadFrames.KINDS.get(random.nextInt(BadFrames.KINDS.size()));
            sent.computeIfAbsent(PORT_NAMES[port] + ": " + kind.name(), k -> new AtomicLong()).incrementAndGet();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", node.kafkaPort() + PORT_OFFSETS[port]), 1_000);
                socket.setSoTimeout(300);
                socket.getOutputStream().write(kind.bytes().apply(random));
                socket.getOutputStream().flush();
                if (drainsToEnd(socket.getInputStream())) {
                    closedByNode.incrementAndGet();
                } else {
                    leftOpen.incrementAndGet();
                }
            } catch (IOException e) {
                // Refused, or reset while writing: the node hung up first.
                refused.incrementAndGet();
            }
        }
        return null;
    }

    /** Whether the node closed the connection within the read timeout (true) or kept waiting for more (false). */
    private static boolean drainsToEnd(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        try {
            while (in.read(buffer) >= 0) {
                // What the node answered before it closed does not matter here.
            }
            return true;
        } catch (SocketTimeoutException waiting) {
            return false;
        }
    }

    /** The well-behaved client: a create and a full listing every 100 ms; every error is kept. */
    private long serve(Admin admin, long seed) throws InterruptedException {
        String prefix = "hostile-" + Long.toString(seed & 0xffffff, 36) + "-";
        long created = 0;
        while (flooding) {
            String topic = prefix + created;
            try {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(10, TimeUnit.SECONDS);
                if (!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic)) {
                    synchronized (clientErrors) {
                        clientErrors.add(topic + " created but not listed");
                    }
                }
                created++;
            } catch (Exception e) {
                synchronized (clientErrors) {
                    clientErrors.add(topic + ": " + e);
                }
            }
            Thread.sleep(100);
        }
        return created;
    }

    /** Each node's WARN and ERROR lines so far (the well-behaved client's creates log INFO lines, as the seed asks). */
    private static long[] warnings(QuireCluster cluster) throws IOException {
        long[] lines = new long[3];
        for (QuireNode node : cluster.nodes()) {
            lines[node.id() - 1] = Files.readString(node.log(), StandardCharsets.ISO_8859_1).lines()
                    .filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")).count();
        }
        return lines;
    }
}
