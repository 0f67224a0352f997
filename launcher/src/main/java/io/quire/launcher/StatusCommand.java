package io.quire.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code quire status}: one line per node of the cluster (id, role, epoch, offsets, lag, address,
 * health), read from the nodes themselves through any node's operations endpoint, with an exit
 * status a script can use.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show every node of a running cluster, as the nodes themselves report it. Exit status 0 when"
                + " every node is reachable and ready, 1 otherwise.")
final class StatusCommand implements Callable<Integer> {

    static final int ALL_HEALTHY = 0;
    static final int NOT_ALL_HEALTHY = 1;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9691",
            description = "The operations HTTP endpoint (http.host:http.port) of any node (default ${DEFAULT-VALUE},"
                    + " node 1 of bin/quire cluster).")
    String bootstrap;

    @Option(names = "--json", description = "Print the nodes' answer as JSON instead of a table.")
    boolean json;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() throws InterruptedException {
        JsonNode answer;
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(TIMEOUT).build().send(
                    HttpRequest.newBuilder(URI.create("http://" + bootstrap + "/status")).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                err.println("quire status: " + bootstrap + " answered HTTP " + response.statusCode());
                return NOT_ALL_HEALTHY;
            }
            answer = new ObjectMapper().readTree(response.body());
        } catch (IOException | IllegalArgumentException e) {
            err.println("quire status: cannot read the status from http://" + bootstrap + "/status: " + e);
            return NOT_ALL_HEALTHY;
        }
        if (json) {
            out.print(answer.toPrettyString() + "\n");
        } else {
            printTable(answer);
        }
        boolean healthy = true;
        for (JsonNode node : answer.path("nodes")) {
            healthy &= node.path("reachable").asBoolean() && node.path("ready").asBoolean();
        }
        return healthy && answer.path("nodes").size() > 0 ? ALL_HEALTHY : NOT_ALL_HEALTHY;
    }

    private void printTable(JsonNode answer) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NODE", "ROLE", "EPOCH", "END", "APPLIED", "LAG", "ADDRESS", "HEALTH"});
        List<String> notes = new ArrayList<>();
        for (JsonNode node : answer.path("nodes")) {
            boolean reachable = node.path("reachable").asBoolean();
            String health = !reachable ? "unreachable" : node.path("ready").asBoolean() ? "ready" : "not ready";
            rows.add(new String[] {node.path("node").asText(), reachable ? node.path("role").asText() : "-",
                    reachable ? node.path("epoch").asText() : "-", reachable ? node.path("endOffset").asText() : "-",
                    reachable ? node.path("appliedOffset").asText() : "-", reachable ? node.path("lag").asText() : "-",
                    node.path("address").asText(), health});
            if (!node.path("ready").asBoolean()) {
                notes.add("node " + node.path("node").asText() + ": " + node.path("reason").asText());
            }
            for (JsonNode work : node.path("work")) {
                notes.add("node " + node.path("node").asText() + ": " + work.path("task").asText() + ": "
                        + work.path("done").asText() + (work.path("total").asLong() >= 0
                        ? " of " + work.path("total").asText() : "") + " " + work.path("unit").asText() + ", "
                        + work.path("perSecond").asText() + "/s" + (work.path("secondsLeft").asLong() >= 0
                        ? ", about " + work.path("secondsLeft").asText() + " s left" : ""));
            }
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
            }
            out.println(line);
        }
        notes.forEach(out::println);
    }
}
