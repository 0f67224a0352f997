package io.quire.bench.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * N independent Kafka clients, each a closed loop: a client sends its next request only once the
 * previous one is answered, so that never more than N are in flight. One AdminClient (one
 * connection, one network thread) per client: independent clients, not requests pipelined on one
 * shared connection.
 */
final class ClosedLoop implements AutoCloseable {

    /** One request, the {@code index}-th of its phase, sent through {@code admin} and waited for. */
    @FunctionalInterface
    interface Request {
        void send(Admin admin, int index) throws Exception;
    }

    private final List<Admin> admins = new ArrayList<>();
    private final ExecutorService threads;

    /** {@code clients} clients of the node at {@code address}. */
    ClosedLoop(String address, int clients) {
        threads = Executors.newFixedThreadPool(clients);
        for (int i = 0; i < clients; i++) {
            admins.add(Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, address,
                    AdminClientConfig.CLIENT_ID_CONFIG, "quire-bench-" + i)));
        }
    }

    /** The first client, for the checks made between phases. */
    Admin admin() {
        return admins.get(0);
    }

    /**
     * The clients send requests 0 .. count - 1, each claiming the next index once its previous
     * request is answered, and all starting together.
     *
     * @throws java.util.concurrent.ExecutionException if a request failed: a failure has no latency to report
     */
    Phase run(int count, Request request) throws Exception {
        return run(count, null, request);
    }

    /** As {@link #run(int, Request)}, but no request is sent once {@code limit} (when not null) has passed. */
    Phase run(int count, Duration limit, Request request) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long begin = System.nanoTime();
        long limitNanos = limit == null ? Long.MAX_VALUE : limit.toNanos();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Histogram>> clients = new ArrayList<>();
        for (Admin admin : admins) {
            clients.add(threads.submit(() -> {
                Histogram latencies = Phase.newHistogram();
                start.await();
                for (int i = next.getAndIncrement(); i < count && System.nanoTime() - begin < limitNanos;
                        i = next.getAndIncrement()) {
                    long sent = System.nanoTime();
                    request.send(admin, i);
                    latencies.recordValue((System.nanoTime() - sent) / 1_000);
                }
                return latencies;
            }));
        }
        start.countDown();
        Histogram merged = Phase.newHistogram();
        for (Future<Histogram> client : clients) {
            merged.add(client.get());
        }
        return new Phase(merged, System.nanoTime() - begin);
    }

    @Override
    public void close() {
        threads.shutdownNow();
        admins.forEach(Admin::close);
    }
}
