package io.quire.launcher;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.tools.MetadataQuorumCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What an operator sees of a 3-node cluster (ratis elects the leader, tcp replicates), read with
 * the operator's own tools: Prometheus scrapes of {@code /metrics}, {@code /health/ready},
 * {@code quire status}, Kafka's {@code kafka-metadata-quorum}, and the runbook's log queries.
 * One cluster serves the whole class, its faults last: a follower stopped and caught up, then the
 * leader killed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationsIT {

    private static final Duration CONVERGENCE = Duration.ofSeconds(60);
    private static final Pattern WROTE = Pattern.compile("Wrote .* to metadata WAL at offset (\\d+)");

    private static Path dir;
    private static LocalCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        dir = Files.createTempDirectory("quire-operations-it");
        cluster = LocalCluster.startElected(dir, "tcp", 3);
        awaitEveryNodeReady();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void scrapesCountEveryCreateOnTheLeaderAndOnEveryFollower() throws Exception {
        int leader = leader();
        Map<Integer, Scrape> before = scrapeAll();
        try (Admin admin = TestNodes.admin(cluster.node(leader).kafkaPort())) {
            for (int i = 0; i < 100; i++) {
                admin.createTopics(List.of(new NewTopic("scraped-" + i, 1, (short) 1))).all().get();
            }
        }
        Scrape leaderAfter = Scrape.of(cluster.node(leader).httpPort());
        double fastPath = delta(before.get(leader), leaderAfter, "quire_metadata_fast_path_writes_total");
        assertThat(delta(before.get(leader), leaderAfter, "quire_metadata_fast_path_writes_total",
                "command", "CreateTopic")).as("the leader's fast-path count of creates").isEqualTo(100);
        assertThat(fastPath).as("the leader wrote nothing else meanwhile").isEqualTo(100);
        assertThat(leaderAfter.value("quire_metadata_fallback_writes_total")).as("no fallback on the leader")
                .isZero();
        assertThat(leaderAfter.value("quire_metadata_wal_end_offset")).as("the WAL end-offset gauge")
                .isEqualTo(lastWrittenOffset(leader) + 1);
        assertThat(samples(before.get(leader), leaderAfter, "quire_metadata_write_seconds", "command", "CreateTopic"))
                .as("write latency samples").isEqualTo(100);
        assertThat(samples(before.get(leader), leaderAfter, "quire_kafka_request_seconds", "api", "CreateTopics"))
                .as("Kafka request latency samples").isEqualTo(100);
        assertThat(delta(before.get(leader), leaderAfter, "quire_kafka_request_errors_total", "api", "CreateTopics",
                "error", "NONE")).as("CreateTopics answers without error").isEqualTo(100);
        for (int follower : followersOf(leader)) {
            await().atMost(CONVERGENCE).untilAsserted(() -> {
                Scrape after = Scrape.of(cluster.node(follower).httpPort());
                assertThat(delta(before.get(follower), after, "quire_follower_replicated_records_total"))
                        .as("node %d's replicated count", follower).isEqualTo(fastPath);
                assertThat(samples(before.get(follower), after, "quire_follower_replicated_apply_seconds"))
                        .as("node %d's apply latency samples", follower).isEqualTo(100);
                assertThat(after.value("quire_metadata_wal_end_offset")).as("node %d's WAL end", follower)
                        .isEqualTo(leaderAfter.value("quire_metadata_wal_end_offset"));
            });
        }
        await().atMost(CONVERGENCE).untilAsserted(() -> {
            Scrape now = Scrape.of(cluster.node(leader).httpPort());
            for (int follower : followersOf(leader)) {
                assertThat(now.value("quire_leader_follower_lag_records", "follower", Integer.toString(follower)))
                        .as("node %d's lag in records, on the leader", follower).isZero();
                assertThat(now.value("quire_leader_follower_lag_seconds", "follower", Integer.toString(follower)))
                        .as("node %d's lag in time, on the leader", follower).isZero();
            }
        });
    }

    @Test
    @Order(2)
    void everyDashboardQueryNamesASeriesOfARealScrape() throws Exception {
        List<String> series = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            series.addAll(Scrape.of(cluster.node(id).httpPort()).seriesNames());
        }
        JsonNode dashboard = OpsHttp.MAPPER.readTree(Path.of("..", "docs", "grafana", "quire.json").toFile());
        List<String> expressions = dashboard.findValuesAsText("expr");
        assertThat(expressions).as("the dashboard's queries").hasSizeGreaterThanOrEqualTo(15);
        Pattern metric = Pattern.compile("\\b((?:quire|jvm|process|system)_[a-z0-9_]+)\\b");
        for (String expression : expressions) {
            Matcher names = metric.matcher(expression);
            assertThat(names.find()).as("%s names a metric", expression).isTrue();
            do {
                assertThat(series).as("%s in %s", names.group(1), expression).contains(names.group(1));
            } while (names.find());
        }
    }

    @Test
    @Order(3)
    void statusCommandListsEveryNodeReady() throws Exception {
        StatusRun status = quireStatus(cluster.node(2).httpPort());
        assertThat(status.exit()).as(status.printed()).isEqualTo(0);
        int leader = leader();
        assertThat(status.nodeLines()).as(status.printed()).hasSize(3)
                .allMatch(line -> line.endsWith(" ready"))
                .anyMatch(line -> line.matches(leader + "\\s+leader\\s+.*"));
    }

    @Test
    @Order(4)
    void restartedFollowerIsReadyOnlyOnceItHasCaughtUp() throws Exception {
        int leader = leader();
        int follower = followersOf(leader).get(0);
        cluster.node(follower).stop();
        try (Admin admin = TestNodes.admin(cluster.node(leader).kafkaPort())) {
            for (int batch = 0; batch < 20; batch++) {
                int first = batch * 100;
                admin.createTopics(IntStream.range(first, first + 100)
                        .mapToObj(i -> new NewTopic("while-away-" + i, 1, (short) 1)).toList()).all().get();
            }
        }
        long leaderEnd = OpsHttp.json(OpsHttp.get(cluster.node(leader).httpPort(), "/health/ready"))
                .path("endOffset").asLong();
        int port = cluster.startNode(follower).httpPort();
        List<JsonNode> notReady = new ArrayList<>();
        AtomicReference<JsonNode> firstReady = new AtomicReference<>();
        await().atMost(CONVERGENCE).pollInterval(Duration.ofMillis(10)).until(() -> {
            HttpResponse<String> ready = OpsHttp.get(port, "/health/ready");
            if (ready.statusCode() == 200) {
                firstReady.set(OpsHttp.json(ready));
                return true;
            }
            assertThat(ready.statusCode()).isEqualTo(503);
            notReady.add(OpsHttp.json(ready));
            return false;
        });
        assertThat(firstReady.get().path("appliedOffset").asLong() + 1).as("applied when first ready: %s",
                firstReady.get()).isGreaterThanOrEqualTo(leaderEnd);
        assertThat(notReady).as("answers while it caught up (each record fsynced on the follower)").isNotEmpty();
        assertThat(notReady).as("every not-ready answer says why").allSatisfy(answer ->
                assertThat(answer.path("appliedOffset").asLong() + 1 < leaderEnd
                        || answer.path("leaderEndOffset").asLong() < 0 || !answer.path("work").isEmpty()
                        || answer.path("leader").asInt() < 0).as("%s", answer).isTrue());
        assertThat(NodeProcess.read(cluster.log(follower))).contains("Catching up from the leader")
                .contains("Caught up with the leader");
        assertThat(Scrape.of(port).value("quire_follower_catch_ups_total")).isGreaterThanOrEqualTo(1);
    }

    @Test
    @Order(5)
    void kafkaMetadataQuorumToolNamesTheLeaderThroughEveryNodeBeforeAndAfterTheLeaderIsKilled() throws Exception {
        int leader = leader();
        awaitQuorumCaughtUp(leader);
        for (int id = 1; id <= 3; id++) {
            assertQuorumTool(cluster.node(id).kafkaPort(), leader, List.of(1, 2, 3));
        }
        long epochBefore = epochOf(leader);
        cluster.node(leader).kill();
        await().atMost(CONVERGENCE).until(() -> cluster.leader().filter(l -> l != leader).isPresent());
        int next = cluster.leader().orElseThrow();
        awaitReady(next);
        assertThat(epochOf(next)).isGreaterThan(epochBefore);
        awaitQuorumCaughtUp(next);
        for (int id : followersOf(leader)) {
            assertQuorumTool(cluster.node(id).kafkaPort(), next, followersOf(leader));
        }
        StatusRun status = quireStatus(cluster.node(next).httpPort());
        assertThat(status.exit()).as("a node is down: %s", status.printed()).isEqualTo(1);
        assertThat(status.nodeLines()).as(status.printed())
                .anyMatch(line -> line.matches(leader + "\\s+.*unreachable"))
                .anyMatch(line -> line.matches(next + "\\s+leader\\s+.* ready"));
        try (Admin admin = TestNodes.admin(cluster.node(next).kafkaPort())) {
            QuorumInfo quorum = admin.describeMetadataQuorum().quorumInfo().get();
            assertThat(quorum.leaderId()).isEqualTo(next);
            assertThat(quorum.voters()).filteredOn(voter -> voter.replicaId() == leader)
                    .singleElement().satisfies(dead -> assertThat(dead.logEndOffset()).isEqualTo(-1));
        }
    }

    @Test
    @Order(6)
    void runbookQueriesMatchTheLogsOfARealCluster() throws Exception {
        int leader = leader();
        int follower = cluster.node(followersOf(leader).get(0)).isAlive() ? followersOf(leader).get(0)
                : followersOf(leader).get(1);
        try (Admin admin = TestNodes.admin(cluster.node(leader).kafkaPort())) {
            admin.createTopics(List.of(new NewTopic("after-failover", 1, (short) 1))).all().get();
        }
        assertThat(OneNode.createTopic(cluster.node(follower).kafkaPort(), "through-a-follower", 1, 30_000))
                .isEqualTo(Errors.NONE);
        Path work = Files.createTempDirectory(dir, "runbook");
        Files.createSymbolicLink(work.resolve("logs"), dir);
        List<RunbookQuery> queries = RunbookQuery.parse(Files.readString(Path.of("..", "docs", "runbook.md")));
        assertThat(queries).as("the runbook's log queries").hasSizeGreaterThanOrEqualTo(15);
        Map<String, String> logs = Map.of("LEADER", "logs/node" + leader + ".log",
                "FOLLOWER", "logs/node" + follower + ".log");
        for (RunbookQuery query : queries) {
            RunbookQuery.Result result = query.run(work, logs);
            switch (query.expectation()) {
                case LINES -> assertThat(result.status()).as("%s printed:\n%s", query, result.output()).isZero();
                case NONE -> assertThat(result.status()).as("%s printed:\n%s", query, result.output()).isEqualTo(1);
                case WHEN -> {
                    assertThat(result.status()).as("%s is a valid query: %s", query, result.output()).isIn(0, 1);
                    assertThat(query.writtenBy(Path.of(".."))).as("the code writes what %s looks for", query).isTrue();
                }
            }
        }
    }

    /**
     * {@code kafka-metadata-quorum describe --status} and {@code --replication} through one node:
     * the leader and its epoch, and every voter in {@code caughtUp} at the leader's end.
     */
    private static void assertQuorumTool(int kafkaPort, int leader, List<Integer> caughtUp) {
        String bootstrap = "127.0.0.1:" + kafkaPort;
        String status = quorumTool("--bootstrap-server", bootstrap, "describe", "--status");
        assertThat(field(status, "LeaderId")).as(status).isEqualTo(Integer.toString(leader));
        assertThat(Long.parseLong(field(status, "LeaderEpoch"))).as(status).isEqualTo(epochOf(leader));
        long end = endOf(leader);
        assertThat(Long.parseLong(field(status, "HighWatermark"))).as(status).isEqualTo(end);
        assertThat(field(status, "MaxFollowerLag")).as(status).isEqualTo(caughtUp.size() == 3 ? "0" : Long.toString(end + 1));
        String replication = quorumTool("--bootstrap-server", bootstrap, "describe", "--replication");
        Map<Integer, String[]> rows = new HashMap<>();
        replication.lines().map(String::strip).filter(line -> line.matches("\\d+\\s.*"))
                .forEach(line -> rows.put(Integer.parseInt(line.split("\\s+")[0]), line.split("\\s+")));
        assertThat(rows.keySet()).as(replication).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(rows.get(leader)).as(replication).contains("Leader");
        for (int voter : caughtUp) {
            assertThat(rows.get(voter)).as("node %d in\n%s", voter, replication).contains(Long.toString(end));
        }
    }

    /** What {@code bin/quire status} printed, and its exit status. */
    private record StatusRun(int exit, String printed) {
        List<String> nodeLines() {
            return printed.lines().filter(line -> line.matches("\\d+ .*")).toList();
        }
    }

    /** Runs the real {@code bin/quire status} against the operations endpoint on {@code httpPort}. */
    private static StatusRun quireStatus(int httpPort) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of("..", "bin", "quire").toString(), "status",
                "--bootstrap", "127.0.0.1:" + httpPort).redirectErrorStream(true);
        // The Maven build running this test has just packaged what the script runs.
        builder.environment().put("QUIRE_SKIP_BUILD", "1");
        Process status = builder.start();
        status.getOutputStream().close();
        String printed = new String(status.getInputStream().readAllBytes(), UTF_8);
        return new StatusRun(status.waitFor(), printed);
    }

    /** Runs Kafka's MetadataQuorumCommand in this JVM, as kafka-metadata-quorum.sh runs it, and returns what it printed. */
    private static synchronized String quorumTool(String... args) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        AtomicReference<Integer> exit = new AtomicReference<>();
        Exit.setExitProcedure((code, message) -> exit.compareAndSet(null, code));
        try (PrintStream capture = new PrintStream(printed, true, UTF_8)) {
            System.setOut(capture);
            MetadataQuorumCommand.main(args);
        } finally {
            System.setOut(stdout);
            Exit.resetExitProcedure();
        }
        String output = printed.toString(UTF_8);
        assertThat(exit.get()).as("kafka-metadata-quorum %s:\n%s", String.join(" ", args), output).isIn(null, 0);
        return output;
    }

    private static String field(String toolOutput, String name) {
        Matcher matcher = Pattern.compile("^" + name + ":\\s+(\\S+)", Pattern.MULTILINE).matcher(toolOutput);
        assertThat(matcher.find()).as("%s in\n%s", name, toolOutput).isTrue();
        return matcher.group(1);
    }

    private static void awaitQuorumCaughtUp(int leader) {
        await().atMost(CONVERGENCE).untilAsserted(() -> {
            JsonNode quorum = OpsHttp.json(OpsHttp.get(cluster.node(leader).httpPort(), "/status"));
            for (JsonNode node : quorum.path("nodes")) {
                if (node.path("reachable").asBoolean()) {
                    assertThat(node.path("endOffset").asLong()).as("%s", node).isEqualTo(endOf(leader));
                }
            }
        });
    }

    private static long epochOf(int id) {
        return OpsHttp.json(OpsHttp.get(cluster.node(id).httpPort(), "/health/ready")).path("epoch").asLong();
    }

    private static long endOf(int id) {
        return OpsHttp.json(OpsHttp.get(cluster.node(id).httpPort(), "/health/ready")).path("endOffset").asLong();
    }

    private static long lastWrittenOffset(int id) {
        Matcher wrote = WROTE.matcher(NodeProcess.read(cluster.log(id)));
        long last = -1;
        while (wrote.find()) {
            last = Long.parseLong(wrote.group(1));
        }
        return last;
    }

    private static int leader() {
        return cluster.leader().orElseThrow();
    }

    private static List<Integer> followersOf(int leader) {
        return IntStream.rangeClosed(1, 3).filter(id -> id != leader).boxed().toList();
    }

    private static Map<Integer, Scrape> scrapeAll() {
        Map<Integer, Scrape> scrapes = new HashMap<>();
        for (int id = 1; id <= 3; id++) {
            scrapes.put(id, Scrape.of(cluster.node(id).httpPort()));
        }
        return scrapes;
    }

    private static double delta(Scrape before, Scrape after, String family, String... labels) {
        return after.value(family, labels) - before.value(family, labels);
    }

    private static long samples(Scrape before, Scrape after, String family, String... labels) {
        return after.samples(family, labels) - before.samples(family, labels);
    }

    private static void awaitEveryNodeReady() {
        for (int id = 1; id <= 3; id++) {
            awaitReady(id);
        }
    }

    private static void awaitReady(int id) {
        await().atMost(CONVERGENCE).until(() -> OpsHttp.get(cluster.node(id).httpPort(), "/health/ready")
                .statusCode() == 200);
    }
}
