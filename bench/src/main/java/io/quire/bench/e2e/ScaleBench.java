package io.quire.bench.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The scale and recovery figures of the comparison, Quire only, one step per call against one
 * running node: run-compare.sh starts, stops and restarts the node between the steps.
 *
 * <ul>
 *   <li>{@code --step fill}: after a warm-up of 20 s of creates and deletes, tops the topics (10 partitions each) up to 1,000, 10,000 and 100,000;
 *       at each, sequential creates and 1,000-topic requests (the rate as topics are added); at
 *       100,000 also the heap in use after a full GC ({@code jcmd}) and Metadata of all topics
 *       (after one unmeasured).</li>
 *   <li>{@code --step churn}: creates and deletes 1,000-topic batches until the WAL holds
 *       {@code --records} records, for the replay.</li>
 *   <li>{@code --step ready}: how long from {@code --since-ms} until the node is ready, then checks
 *       that it holds every topic and record the steps before left.</li>
 *   <li>{@code --step snapshot}: one more create, then waits for the snapshot the node takes of it
 *       (run with {@code snapshot.every-records=1}).</li>
 * </ul>
 *
 * <pre>ScaleBench --step fill|churn|ready|snapshot --bootstrap-servers HOST:PORT --http HOST:PORT
 *            --state FILE --results FILE --measures FILE [--pid PID] [--records N] [--since-ms T]
 *            [--start empty|replay|snapshot] [--log FILE]</pre>
 *
 * <p>The state file (topics, records) carries what the node must hold from one step to the next.
 */
public final class ScaleBench {

    private static final List<Integer> CHECKPOINTS = List.of(1_000, 10_000, 100_000);
    private static final int PARTITIONS = 10;
    private static final int BATCH = 1_000;
    private static final int PROBE_CREATES = 200;
    private static final int PROBE_BATCHES = 5;
    private static final int METADATA_REQUESTS = 5;
    private static final Duration WARMUP = Duration.ofSeconds(20);
    private static final int WARMUP_BATCHES = 10;
    private static final Duration READY_LIMIT = Duration.ofMinutes(5);
    private static final Pattern WAL_END = Pattern.compile("(?m)^quire_metadata_wal_end_offset(?:\\{[^}]*})? (\\S+)$");
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");
    /** What the ready step measured, by its --start option. */
    static final String START_EMPTY = "start until ready, empty data directory";
    static final String START_REPLAY = "start until ready, replaying the WAL";
    static final String START_SNAPSHOT = "start until ready, from a snapshot";
    private static final Pattern SNAPSHOT_TAKEN = Pattern.compile("Snapshot of offsets below (\\d+) ");

    private final Args options;
    private final Path stateFile;
    private final Properties state = new Properties();
    private final HttpClient http = HttpClient.newHttpClient();

    private ScaleBench(Args options) throws IOException {
        this.options = options;
        this.stateFile = Path.of(options.required("--state"));
        if (Files.exists(stateFile)) {
            try (var in = Files.newInputStream(stateFile)) {
                state.load(in);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Args options = Args.parse(args);
        ScaleBench bench = new ScaleBench(options);
        switch (options.required("--step")) {
            case "fill" -> bench.fill();
            case "churn" -> bench.churn();
            case "ready" -> bench.ready();
            case "snapshot" -> bench.snapshot();
            default -> throw new IllegalArgumentException("--step is fill, churn, ready or snapshot");
        }
    }

    private void fill() throws Exception {
        try (ClosedLoop one = new ClosedLoop(options.required("--bootstrap-servers"), 1)) {
            Admin admin = one.admin();
            warmUp(one);
            for (int checkpoint : CHECKPOINTS) {
                topUp(admin, checkpoint);
                String target = "scale-" + checkpoint;
                if (checkpoint == CHECKPOINTS.get(CHECKPOINTS.size() - 1)) {
                    measureHeap(checkpoint);
                    ClosedLoop.Request listAll = (a, i) -> {
                        int listed = a.listTopics().names().get().size();
                        if (listed < checkpoint) {
                            throw new IllegalStateException("Metadata listed " + listed + " topics");
                        }
                    };
                    one.run(1, listAll);
                    record(Result.of(target, Workload.METADATA, one.run(METADATA_REQUESTS, listAll), 0));
                }
                String probe = "probe" + checkpoint + "-";
                record(Result.of(target, Workload.CREATE_SEQUENTIAL_10P,
                        one.run(PROBE_CREATES, (a, i) -> a.createTopics(List.of(topic(probe + i))).all().get()), 1));
                String batches = "probe" + checkpoint + "b-";
                record(Result.of(target, Workload.CREATE_BATCH_1000, one.run(PROBE_BATCHES,
                        (a, i) -> a.createTopics(topics(batches + i + "-", BATCH)).all().get()), BATCH));
                addTopics(PROBE_CREATES + PROBE_BATCHES * BATCH);
                expectTopics(admin);
            }
        }
    }

    /**
     * Creates, each deleted again, one at a time and in requests of 1,000, unmeasured: without it the
     * first checkpoint would time the JIT, not the topics present.
     */
    private void warmUp(ClosedLoop one) throws Exception {
        one.run(Integer.MAX_VALUE, WARMUP, (a, i) -> {
            a.createTopics(List.of(topic("warm-" + i))).all().get();
            a.deleteTopics(List.of("warm-" + i)).all().get();
        });
        one.run(WARMUP_BATCHES, (a, i) -> {
            List<NewTopic> batch = topics("warm-batch-" + i + "-", BATCH);
            a.createTopics(batch).all().get();
            a.deleteTopics(batch.stream().map(NewTopic::name).toList()).all().get();
        });
        expectTopics(one.admin());
    }

    /** Creates 1,000-topic batches until {@code count} topics are present. */
    private void topUp(Admin admin, int count) throws Exception {
        for (int present = topicCount(); present < count; present = topicCount()) {
            int batch = Math.min(BATCH, count - present);
            admin.createTopics(topics("fill-" + present + "-", batch)).all().get();
            addTopics(batch);
        }
        expectTopics(admin);
    }

    /** Heap in use after a full GC of the node ({@code jcmd GC.run}, then {@code GC.heap_info}). */
    private void measureHeap(int topics) throws Exception {
        String pid = options.required("--pid");
        jcmd(pid, "GC.run");
        Matcher used = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
        if (!used.find()) {
            throw new IllegalStateException("jcmd " + pid + " GC.heap_info names no heap in use");
        }
        Measure.append(measures(), new Measure(String.format("heap in use after a full GC, %,d topics of %d partitions",
                topics, PARTITIONS), Long.parseLong(used.group(1)) / 1024.0, "MiB"));
    }

    private static String jcmd(String pid, String command) throws Exception {
        Process process = new ProcessBuilder("jcmd", pid, command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + output);
        }
        return output;
    }

    /** Batches of 1,000 one-partition topics, each created and then deleted, until the WAL holds --records. */
    private void churn() throws Exception {
        long target = Long.parseLong(options.required("--records"));
        try (ClosedLoop one = new ClosedLoop(options.required("--bootstrap-servers"), 1)) {
            Admin admin = one.admin();
            long begin = System.nanoTime();
            long first = walEnd();
            long end = first;
            for (int round = 0; end < target; round++, end = walEnd()) {
                int batch = (int) Math.min(BATCH, Math.max(1, (target - end) / 2));
                List<NewTopic> created = IntStream.range(0, batch)
                        .mapToObj(i -> new NewTopic("churn-" + i, 1, (short) 1)).toList();
                admin.createTopics(created).all().get();
                admin.deleteTopics(created.stream().map(NewTopic::name).toList()).all().get();
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            Measure.append(measures(), new Measure("records written by 1,000-topic creates and deletes",
                    (end - first) / seconds, "records/s"));
            state.setProperty("records", Long.toString(end));
            saveState();
            expectTopics(admin);
        }
    }

    /** Polls the node's readiness from --since-ms, when run-compare.sh launched it, then checks what it holds. */
    private void ready() throws Exception {
        long since = Long.parseLong(options.required("--since-ms"));
        long deadline = since + READY_LIMIT.toMillis();
        URI uri = URI.create("http://" + options.required("--http") + "/health/ready");
        while (!isReady(uri)) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(uri + " was not ready within " + READY_LIMIT);
            }
            Thread.sleep(10);
        }
        double seconds = (System.currentTimeMillis() - since) / 1_000.0;
        long records = Long.parseLong(state.getProperty("records", "0"));
        String what = switch (options.required("--start")) {
            case "empty" -> START_EMPTY;
            case "replay" -> START_REPLAY;
            case "snapshot" -> START_SNAPSHOT;
            default -> throw new IllegalArgumentException("--start is empty, replay or snapshot");
        };
        Measure.append(measures(), new Measure(records == 0 ? what
                : String.format("%s: %,d records, %,d topics", what, records, topicCount()), seconds, "s"));
        if (what.equals(START_REPLAY)) {
            Measure empty = Measure.read(measures()).stream().filter(m -> m.what().equals(START_EMPTY)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + START_EMPTY + " measured before"));
            Measure.append(measures(), new Measure("WAL replay rate: records / (this start - the empty start)",
                    records / (seconds - empty.value()), "records/s"));
        }
        if (walEnd() < records) {
            throw new IllegalStateException("the node's WAL ends at " + walEnd() + ", before " + records);
        }
        try (ClosedLoop one = new ClosedLoop(options.required("--bootstrap-servers"), 1)) {
            expectTopics(one.admin());
        }
    }

    /** One more create, which a node with snapshot.every-records=1 follows with a snapshot of everything. */
    private void snapshot() throws Exception {
        try (ClosedLoop one = new ClosedLoop(options.required("--bootstrap-servers"), 1)) {
            one.admin().createTopics(List.of(topic("snapshot-trigger"))).all().get();
            addTopics(1);
            long end = walEnd();
            state.setProperty("records", Long.toString(end));
            saveState();
            Path log = Path.of(options.required("--log"));
            long deadline = System.currentTimeMillis() + READY_LIMIT.toMillis();
            while (snapshotEnd(log) < end) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException(log + " shows no snapshot of offsets below " + end);
                }
                Thread.sleep(100);
            }
        }
    }

    /** The highest end offset of a snapshot the node's log reports taken, or -1. */
    private static long snapshotEnd(Path log) throws IOException {
        Matcher taken = SNAPSHOT_TAKEN.matcher(Files.readString(log, StandardCharsets.ISO_8859_1));
        long end = -1;
        while (taken.find()) {
            end = Math.max(end, Long.parseLong(taken.group(1)));
        }
        return end;
    }

    private boolean isReady(URI uri) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (IOException notListeningYet) {
            return false;
        }
    }

    private long walEnd() throws Exception {
        URI uri = URI.create("http://" + options.required("--http") + "/metrics");
        String metrics = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher end = WAL_END.matcher(metrics);
        if (!end.find()) {
            throw new IllegalStateException(uri + " has no quire_metadata_wal_end_offset");
        }
        return (long) Double.parseDouble(end.group(1));
    }

    /** Every topic the steps created is listed and no other: the churn's deletes took effect. */
    private void expectTopics(Admin admin) throws Exception {
        Set<String> listed = admin.listTopics().names().get();
        if (listed.size() != topicCount()) {
            throw new IllegalStateException("the node lists " + listed.size() + " topics, not " + topicCount());
        }
    }

    private NewTopic topic(String name) {
        return new NewTopic(name, PARTITIONS, (short) 1);
    }

    private List<NewTopic> topics(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> topic(prefix + i)).toList();
    }

    private int topicCount() {
        return Integer.parseInt(state.getProperty("topics", "0"));
    }

    private void addTopics(int added) throws IOException {
        state.setProperty("topics", Integer.toString(topicCount() + added));
        saveState();
    }

    private void saveState() throws IOException {
        try (var out = Files.newOutputStream(stateFile)) {
            state.store(out, "ScaleBench: what the node holds");
        }
    }

    private Path measures() {
        return Path.of(options.required("--measures"));
    }

    private void record(Result result) throws IOException {
        ResultsFile.append(Path.of(options.required("--results")), result);
        System.err.printf("ScaleBench: %s: %s: %d requests, p50 %.0f us, p99 %.0f us%n", result.target(),
                result.workload().label(), result.requests(), result.p50(), result.p99());
    }
}
