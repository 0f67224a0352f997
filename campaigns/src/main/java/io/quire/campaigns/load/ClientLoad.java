package io.quire.campaigns.load;

import io.quire.campaigns.history.History;
import io.quire.campaigns.history.Operation;
import io.quire.campaigns.history.Operation.Kind;
import io.quire.campaigns.history.Outcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidTopicException;

/**
 * Clients that each send a stream of creates, deletes, partition increases and config changes
 * through their own AdminClient (bootstrapped with every node, so that it finds whichever node
 * answers), one request at a time and at a bounded pace, and record each with its outcome. Each client changes only
 * the topics it created, so every topic's history is ordered.
 */
public final class ClientLoad implements AutoCloseable {

    /** The config the clients change, one of a topic's own settings. */
    public static final String CONFIG = "retention.ms";
    private static final long ANSWER_LIMIT_SECONDS = 30;
    /**
     * Each client's pace at most: with 4 clients, a metadata load far above a real cluster's, yet
     * one that the followers of a 2-core machine's three nodes keep up with, so that a run's
     * history and WAL stay small enough to replay and check in seconds.
     */
    private static final int MAX_OPERATIONS_PER_SECOND = 40;

    private final List<Admin> admins = new ArrayList<>();
    private final ExecutorService threads;
    private final History history;
    private final String prefix;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final List<Future<?>> running = new ArrayList<>();

    /**
     * @param prefix every topic name begins with it
     * @param seed the clients' randomness: client i draws from seed + i
     */
    public ClientLoad(String bootstrapServers, int clients, History history, String prefix, long seed) {
        this.history = history;
        this.prefix = prefix;
        this.threads = Executors.newFixedThreadPool(clients);
        for (int i = 0; i < clients; i++) {
            admins.add(Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    AdminClientConfig.CLIENT_ID_CONFIG, "campaign-client-" + i,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000,
                    AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000)));
        }
        for (int i = 0; i < clients; i++) {
            int client = i;
            running.add(threads.submit(() -> run(client, admins.get(client), new Random(seed + client))));
        }
    }

    private void run(int client, Admin admin, Random random) {
        List<String> owned = new ArrayList<>();
        Map<String, Long> partitions = new HashMap<>();
        int created = 0;
        long paceNanos = 1_000_000_000L / MAX_OPERATIONS_PER_SECOND;
        long next = System.nanoTime();
        while (!stopped.get()) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            next = Math.max(next + paceNanos, System.nanoTime() - paceNanos);
            int draw = owned.isEmpty() ? 0 : random.nextInt(100);
            if (draw < 40) {
                String topic = prefix + "c" + client + "-" + created++;
                int count = 1 + random.nextInt(3);
                Outcome outcome = send(client, Kind.CREATE, topic, count,
                        admin.createTopics(List.of(new NewTopic(topic, count, (short) 1))).all());
                if (outcome == Outcome.ACKNOWLEDGED) {
                    owned.add(topic);
                    partitions.put(topic, (long) count);
                }
            } else if (draw < 55) {
                String topic = owned.remove(random.nextInt(owned.size()));
                send(client, Kind.DELETE, topic, 0, admin.deleteTopics(List.of(topic)).all());
            } else if (draw < 75) {
                String topic = owned.get(random.nextInt(owned.size()));
                long target = partitions.get(topic) + 1;
                partitions.put(topic, target);
                send(client, Kind.PARTITIONS, topic, target,
                        admin.createPartitions(Map.of(topic, NewPartitions.increaseTo((int) target))).all());
            } else {
                String topic = owned.get(random.nextInt(owned.size()));
                long retention = 3_600_000L + random.nextInt(1_000_000_000);
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                send(client, Kind.CONFIG, topic, retention, admin.incrementalAlterConfigs(Map.of(resource, List.of(
                        new AlterConfigOp(new ConfigEntry(CONFIG, Long.toString(retention)), AlterConfigOp.OpType.SET))))
                        .all());
            }
        }
    }

    private Outcome send(int client, Kind kind, String topic, long value, KafkaFuture<Void> answer) {
        long sequence = history.next();
        Outcome outcome;
        try {
            answer.get(ANSWER_LIMIT_SECONDS, TimeUnit.SECONDS);
            outcome = Outcome.ACKNOWLEDGED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = Outcome.UNKNOWN;
        } catch (ExecutionException e) {
            outcome = classify(e.getCause());
        } catch (TimeoutException e) {
            outcome = Outcome.UNKNOWN;
        }
        history.record(new Operation(sequence, client, kind, topic, value, outcome));
        return outcome;
    }

    /**
     * Only a refusal of the request itself says that nothing changed. Any other error may follow a
     * change: the AdminClient retries after a timeout or a leader change, and the retry of a create,
     * delete or increase that took effect is refused as a duplicate.
     */
    static Outcome classify(Throwable error) {
        return error instanceof InvalidTopicException || error instanceof InvalidConfigurationException
                ? Outcome.FAILED
                : Outcome.UNKNOWN;
    }

    /** Stops the clients after their request in flight and waits for them. */
    @Override
    public void close() throws InterruptedException {
        stopped.set(true);
        for (var client : running) {
            try {
                client.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("a campaign client failed", e.getCause());
            }
        }
        threads.shutdown();
        admins.forEach(Admin::close);
    }
}
