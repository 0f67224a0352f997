package io.quire.bench.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.CreateTopicsResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;

/**
 * The workloads of the side-by-side comparison against one running cluster, Quire or Kafka alike:
 * the real AdminClient sends them to the metadata leader (Quire's leader, the broker beside
 * Kafka's active controller), except the creates sent through another node and the visibility
 * reads, which must name their node ({@link NodeConnection}). Appends one {@link Result} per
 * workload to the results file; a failed request or check fails the run.
 *
 * <pre>CompareBench --bootstrap-servers HOST:PORT --target NAME --nodes N --replication-factor N
 *              --size quick|full --results FILE [--jmx-port-offset N]</pre>
 *
 * With {@code --jmx-port-offset} (Kafka targets, whose node serving clients on port P has JMX on
 * P + N), the sequential creates and those through a non-controller broker are also timed by the
 * broker itself ({@link KafkaRequestTimes}).
 */
public final class CompareBench {

    private static final int CREATE_TIMEOUT_MS = 60_000;
    private static final int PARTITIONS_10 = 10;
    /** How long a node may take to list every topic created: a KRaft broker with thousands of partitions lags minutes. */
    private static final long LISTED_LIMIT_NANOS = 300_000_000_000L;

    private final String target;
    private final short replicationFactor;
    private final CompareSizes sizes;
    private final Path results;
    /** Added to a Kafka node's client port, its JMX port; absent for Quire. */
    private final Optional<Integer> jmxPortOffset;
    /** The start time in the names keeps them unique across runs against the same cluster. */
    private final String prefix = "cmp-" + Long.toString(System.currentTimeMillis(), 36) + "-";

    private CompareBench(String target, short replicationFactor, CompareSizes sizes, Path results,
            Optional<Integer> jmxPortOffset) {
        this.target = target;
        this.replicationFactor = replicationFactor;
        this.sizes = sizes;
        this.results = results;
        this.jmxPortOffset = jmxPortOffset;
    }

    public static void main(String[] args) throws Exception {
        Args options = Args.parse(args);
        ClusterNodes nodes = ClusterNodes.await(options.required("--bootstrap-servers"),
                options.integer("--nodes", 1));
        CompareBench bench = new CompareBench(options.required("--target"),
                (short) options.integer("--replication-factor", 1), CompareSizes.named(options.text("--size", "quick")),
                Path.of(options.required("--results")),
                Optional.ofNullable(options.text("--jmx-port-offset", null)).map(v -> Args.integer("--jmx-port-offset", v)));
        System.err.println("CompareBench: " + bench.target + ": leader " + nodes.leader() + ", others " + nodes.others());
        bench.run(nodes);
    }

    private void run(ClusterNodes nodes) throws Exception {
        try (ClosedLoop one = new ClosedLoop(nodes.leader(), 1);
                ClosedLoop sixteen = new ClosedLoop(nodes.leader(), 16);
                ClosedLoop sixtyFour = new ClosedLoop(nodes.leader(), 64)) {
            Admin admin = one.admin();
            Duration half = Duration.ofSeconds(sizes.warmupSeconds()).dividedBy(2);
            Phase sequentialWarmup = one.run(Integer.MAX_VALUE, half, createAndDelete("warm-s-"));
            Phase concurrentWarmup = sixteen.run(Integer.MAX_VALUE, half, createAndDelete("warm-c-"));
            Histogram warmups = sequentialWarmup.latencies().copy();
            warmups.add(concurrentWarmup.latencies());
            record(Workload.WARMUP, new Phase(warmups, sequentialWarmup.nanos() + concurrentWarmup.nanos()), 0);

            measureSequentialCreates(nodes.leader(), one);
            measureCreates(Workload.CREATE_SEQUENTIAL_10P, one, sizes.sequential10p(), "seq10-", PARTITIONS_10);
            measureCreates(Workload.CREATE_16, sixteen, sizes.concurrent16(), "c16-", 1);
            measureCreates(Workload.CREATE_64, sixtyFour, sizes.concurrent64(), "c64-", 1);
            measureBatches(Workload.CREATE_BATCH_100, one, sizes.batches100(), 100);
            measureBatches(Workload.CREATE_BATCH_1000, one, sizes.batches1000(), 1000);
            if (!nodes.others().isEmpty()) {
                String other = nodes.others().get(0);
                timedByKafka(other, Workload.KAFKA_BROKER_CREATE_VIA_TIME, () -> measureCreatesVia(other, admin));
                measureVisibility(admin, nodes.others());
            }

            List<String> sequential = names("seq-", sizes.sequential());
            record(Workload.DELETE_SEQUENTIAL,
                    one.run(sequential.size(), (a, i) -> a.deleteTopics(List.of(sequential.get(i))).all().get()), 1);
            TopicChecks.awaitListed(admin, sequential, false);

            List<String> tenPartitions = names("seq10-", sizes.sequential10p());
            record(Workload.CREATE_PARTITIONS_SEQUENTIAL, one.run(tenPartitions.size(), (a, i) -> a.createPartitions(
                    Map.of(tenPartitions.get(i), NewPartitions.increaseTo(PARTITIONS_10 + 1))).all().get()), 1);
            TopicChecks.awaitPartitions(admin, tenPartitions, PARTITIONS_10 + 1);

            measureMetadata(one, nodes);
        }
    }

    private Phase measureCreates(Workload workload, ClosedLoop clients, int count, String namePrefix, int partitions)
            throws Exception {
        Phase phase = clients.run(count, create(namePrefix, partitions));
        record(workload, phase, 1);
        TopicChecks.awaitListed(clients.admin(), names(namePrefix, count), true);
        return phase;
    }

    /** The sequential creates of one partition, on a Kafka target also as its broker timed them. */
    private void measureSequentialCreates(String leader, ClosedLoop one) throws Exception {
        timedByKafka(leader, Workload.KAFKA_BROKER_CREATE_TIME,
                () -> measureCreates(Workload.CREATE_SEQUENTIAL, one, sizes.sequential(), "seq-", 1));
    }

    /** What a measurement gives: its phase. */
    @FunctionalInterface
    private interface Measurement {
        Phase run() throws Exception;
    }

    /**
     * Runs the measurement, and on a Kafka target records the mean of the CreateTopics requests
     * {@code node} served meanwhile, by its own request metric: it must have served those requests
     * alone, once each, or twice each when it hosts the active controller ({@link KafkaRequestTimes}).
     */
    private void timedByKafka(String node, Workload kafkasOwn, Measurement measurement) throws Exception {
        if (jmxPortOffset.isEmpty()) {
            measurement.run();
            return;
        }
        int colon = node.lastIndexOf(':');
        try (KafkaRequestTimes times = new KafkaRequestTimes(node.substring(0, colon),
                Integer.parseInt(node.substring(colon + 1)) + jmxPortOffset.get())) {
            KafkaRequestTimes.Reading before = times.createTopics();
            Phase phase = measurement.run();
            KafkaRequestTimes.Reading after = times.createTopics();
            long counted = after.count() - before.count();
            if (counted != phase.requests() && counted != 2 * phase.requests()) {
                throw new IllegalStateException(node + " counted " + counted + " CreateTopics requests while the"
                        + " harness sent it " + phase.requests());
            }
            ResultsFile.append(results, Result.ofMean(target, kafkasOwn, counted, phase.nanos() / 1e9,
                    after.meanMicrosSince(before)));
        }
    }

    /** Sequential CreateTopics requests of {@code topics} topics each. */
    private void measureBatches(Workload workload, ClosedLoop one, int requests, int topics) throws Exception {
        String namePrefix = "b" + topics + "-";
        Phase phase = one.run(requests, (admin, i) -> admin.createTopics(
                IntStream.range(i * topics, (i + 1) * topics).mapToObj(n -> newTopic(name(namePrefix, n), 1)).toList())
                .all().get());
        record(workload, phase, topics);
        TopicChecks.awaitListed(one.admin(), names(namePrefix, requests * topics), true);
    }

    /** Sequential creates sent to one node that is not the leader, which hands them on. */
    private Phase measureCreatesVia(String node, Admin admin) throws Exception {
        List<String> topics = names("via-", sizes.viaFollower());
        Histogram latencies = Phase.newHistogram();
        long begin = System.nanoTime();
        try (NodeConnection connection = new NodeConnection(node)) {
            for (String topic : topics) {
                long start = System.nanoTime();
                CreateTopicsRequestData request = new CreateTopicsRequestData().setTimeoutMs(CREATE_TIMEOUT_MS);
                request.topics().add(new CreatableTopic().setName(topic).setNumPartitions(1)
                        .setReplicationFactor(replicationFactor));
                CreateTopicsResponse response = connection.send(new CreateTopicsRequest.Builder(request));
                Errors error = Errors.forCode(response.data().topics().find(topic).errorCode());
                if (error != Errors.NONE) {
                    throw new IllegalStateException("create of " + topic + " through " + node + ": " + error);
                }
                latencies.recordValue((System.nanoTime() - start) / 1_000);
            }
        }
        Phase phase = new Phase(latencies, System.nanoTime() - begin);
        record(Workload.CREATE_VIA_FOLLOWER, phase, 1);
        TopicChecks.awaitListed(admin, topics, true);
        return phase;
    }

    /**
     * Sequential creates through the leader; from each answer, each other node is asked for the
     * topic's metadata, in turn and again, until every one of them shows it without error.
     */
    private void measureVisibility(Admin admin, List<String> others) throws Exception {
        List<NodeConnection> connections = new ArrayList<>();
        Histogram latencies = Phase.newHistogram();
        long begin = System.nanoTime();
        try {
            for (String other : others) {
                connections.add(new NodeConnection(other));
            }
            for (String topic : names("vis-", sizes.visibility())) {
                admin.createTopics(List.of(newTopic(topic, 1))).all().get();
                long answered = System.nanoTime();
                for (NodeConnection connection : connections) {
                    awaitShown(connection, topic);
                }
                latencies.recordValue((System.nanoTime() - answered) / 1_000);
            }
        } finally {
            for (NodeConnection connection : connections) {
                connection.close();
            }
        }
        record(Workload.VISIBILITY, new Phase(latencies, System.nanoTime() - begin), 0);
    }

    private static void awaitShown(NodeConnection connection, String topic) throws Exception {
        long deadline = System.nanoTime() + CREATE_TIMEOUT_MS * 1_000_000L;
        MetadataRequestData request = new MetadataRequestData().setAllowAutoTopicCreation(false);
        request.topics().add(new MetadataRequestData.MetadataRequestTopic().setName(topic));
        while (true) {
            MetadataResponse response = connection.send(new MetadataRequest.Builder(request));
            var shown = response.data().topics().find(topic);
            if (shown != null && shown.errorCode() == Errors.NONE.code()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(connection.address() + " does not show " + topic);
            }
        }
    }

    /**
     * Tops the topics up to {@link CompareSizes#metadataTopics()}, waits until every node lists
     * them (a KRaft broker applies its controller's records later than the one that answered
     * the creates, and the AdminClient asks whichever node it likes), then lists them all, sequentially.
     */
    private void measureMetadata(ClosedLoop one, ClusterNodes nodes) throws Exception {
        Admin admin = one.admin();
        int present = admin.listTopics().names().get().size();
        List<String> fill = names("fill-", Math.max(0, sizes.metadataTopics() - present));
        for (int from = 0; from < fill.size(); from += 1000) {
            admin.createTopics(fill.subList(from, Math.min(fill.size(), from + 1000)).stream()
                    .map(name -> newTopic(name, 1)).toList()).all().get();
        }
        TopicChecks.awaitListed(admin, fill, true);
        List<String> everyNode = new ArrayList<>(nodes.others());
        everyNode.add(nodes.leader());
        for (String node : everyNode) {
            awaitListsAtLeast(node, sizes.metadataTopics());
        }
        record(Workload.METADATA, one.run(sizes.metadata(), (a, i) -> {
            Set<String> listed = a.listTopics().names().get();
            if (listed.size() < sizes.metadataTopics()) {
                throw new IllegalStateException("Metadata listed " + listed.size() + " topics");
            }
        }), 0);
    }

    /** Waits until a Metadata request for all topics to {@code node} lists at least {@code topics}. */
    private static void awaitListsAtLeast(String node, int topics) throws Exception {
        long deadline = System.nanoTime() + LISTED_LIMIT_NANOS;
        try (NodeConnection connection = new NodeConnection(node)) {
            while (true) {
                MetadataResponse response = connection.send(
                        new MetadataRequest.Builder(new MetadataRequestData().setTopics(null)));
                int listed = response.data().topics().size();
                if (listed >= topics) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(node + " lists " + listed + " topics, not " + topics);
                }
                Thread.sleep(200);
            }
        }
    }

    /**
     * Creates the topic namePrefix + index and deletes it: the warm-up exercises both paths and leaves
     * no topic behind, however many it made.
     */
    private ClosedLoop.Request createAndDelete(String namePrefix) {
        return (admin, i) -> {
            admin.createTopics(List.of(newTopic(name(namePrefix, i), 1))).all().get();
            admin.deleteTopics(List.of(name(namePrefix, i))).all().get();
        };
    }

    /** Creates the topic namePrefix + index; a failed create fails the run. */
    private ClosedLoop.Request create(String namePrefix, int partitions) {
        return (admin, i) -> admin.createTopics(List.of(newTopic(name(namePrefix, i), partitions))).all().get();
    }

    private NewTopic newTopic(String name, int partitions) {
        return new NewTopic(name, partitions, replicationFactor);
    }

    /** The name of this run's {@code index}-th topic of a workload. */
    private String name(String namePrefix, int index) {
        return prefix + namePrefix + index;
    }

    private List<String> names(String namePrefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> name(namePrefix, i)).toList();
    }

    private void record(Workload workload, Phase phase, int itemsPerRequest) throws Exception {
        Result result = Result.of(target, workload, phase, itemsPerRequest);
        ResultsFile.append(results, result);
        System.err.printf("CompareBench: %s: %s: %d requests, p50 %.0f us, p99 %.0f us%n", target, workload.label(),
                result.requests(), result.p50(), result.p99());
    }
}
