package io.quire.launcher.ops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quire.api.metadata.BrokerInfo;
import io.quire.core.engine.MetadataEngine;
import io.quire.core.status.NodeStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's operations endpoint over HTTP, for Prometheus, load balancers and {@code quire status}:
 * <ul>
 *   <li>{@code /metrics}: every meter in the Prometheus text format;
 *   <li>{@code /health/live}: 200 while the process serves;
 *   <li>{@code /health/ready}: 200 when the node knows a leader and has applied everything the
 *       leader held when last heard, 503 otherwise; the body names role, epoch, leader and offsets;
 *   <li>{@code /status}: every member's status, each asked through consensus.
 * </ul>
 * It starts before the WAL is replayed, so that a long replay shows on it.
 */
public final class OpsServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OpsServer.class);
    private static final String JSON = "application/json";
    private static final long MEMBER_STATUS_TIMEOUT_MS = 3_000;

    private final HttpServer server;
    private final ExecutorService executor;
    /** /status waits for every member's answer: off the threads that answer health probes. */
    private final ExecutorService statusAnswers = daemonThreads(1, "quire-ops-status");
    private final MetadataEngine engine;

    private OpsServer(HttpServer server, ExecutorService executor, MetadataEngine engine) {
        this.server = server;
        this.executor = executor;
        this.engine = engine;
    }

    private static ExecutorService daemonThreads(int count, String name) {
        return Executors.newFixedThreadPool(count, runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Binds {@code host:port} (0 picks a free port) and serves until closed. */
    public static OpsServer start(String host, int port, MetadataEngine engine, NodeMeters meters)
            throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new IOException("cannot bind the operations HTTP endpoint to " + host + ":" + port + " (http.host,"
                    + " http.port): " + e.getMessage(), e);
        }
        ExecutorService executor = daemonThreads(2, "quire-ops-http");
        server.setExecutor(executor);
        OpsServer ops = new OpsServer(server, executor, engine);
        server.createContext("/metrics", exchange -> ops.serve(exchange, () -> new Answer(200,
                "text/plain; version=0.0.4; charset=utf-8", meters.scrape())));
        server.createContext("/health/live", exchange -> ops.serve(exchange, () -> new Answer(200, JSON,
                StatusJson.text(StatusJson.MAPPER.createObjectNode().put("live", true).put("node", engine.nodeId())))));
        server.createContext("/health/ready", exchange -> ops.serve(exchange, ops::ready));
        server.createContext("/status", exchange -> ops.statusAnswers.execute(() -> {
            try {
                ops.serve(exchange, ops::members);
            } catch (IOException e) {
                log.debug("Operations endpoint: answering /status failed", e);
            }
        }));
        server.start();
        log.info("Operations endpoint serves /metrics, /health/live, /health/ready and /status on http://{}:{}",
                host, server.getAddress().getPort());
        return ops;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private Answer ready() {
        NodeStatus status = engine.status();
        return new Answer(status.ready() ? 200 : 503, JSON, StatusJson.text(StatusJson.of(status)));
    }

    /** Every member's status, asked at once; a member that does not answer in time is reported so. */
    private Answer members() {
        List<Integer> members = new ArrayList<>(new TreeSet<>(engine.members()));
        List<CompletableFuture<NodeStatus>> asked = members.stream().map(engine::statusOf).toList();
        ObjectNode json = StatusJson.MAPPER.createObjectNode().put("answeredBy", engine.nodeId());
        ArrayNode nodes = json.putArray("nodes");
        for (int i = 0; i < members.size(); i++) {
            int member = members.get(i);
            ObjectNode node;
            try {
                node = StatusJson.of(asked.get(i).get(MEMBER_STATUS_TIMEOUT_MS, TimeUnit.MILLISECONDS))
                        .put("reachable", true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                node = unreachable(member, "interrupted");
            } catch (Exception e) {
                node = unreachable(member, String.valueOf(e.getCause() != null ? e.getCause().getMessage()
                        : e.getMessage()));
            }
            Optional<BrokerInfo> broker = engine.view().broker(member);
            node.put("address", broker.map(b -> b.host() + ":" + b.port()).orElse(""));
            nodes.add(node);
        }
        return new Answer(200, JSON, StatusJson.text(json));
    }

    private static ObjectNode unreachable(int member, String why) {
        return StatusJson.MAPPER.createObjectNode().put("node", member).put("reachable", false).put("ready", false)
                .put("reason", "did not answer: " + why);
    }

    private void serve(HttpExchange exchange, AnswerSource source) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                reply(exchange, new Answer(405, "text/plain", "only GET and HEAD are served\n"));
                return;
            }
            Answer answer;
            try {
                answer = source.answer();
            } catch (RuntimeException e) {
                log.warn("Operations endpoint: {} failed", exchange.getRequestURI(), e);
                answer = new Answer(500, "text/plain", "internal error: " + e + "\n");
            }
            reply(exchange, answer);
        }
    }

    private static void reply(HttpExchange exchange, Answer answer) throws IOException {
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(answer.status(), head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        statusAnswers.shutdownNow();
        executor.shutdownNow();
    }

    private record Answer(int status, String contentType, String body) {}

    @FunctionalInterface
    private interface AnswerSource {
        Answer answer();
    }
}
