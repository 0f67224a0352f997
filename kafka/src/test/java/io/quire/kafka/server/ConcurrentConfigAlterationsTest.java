package io.quire.kafka.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Config alterations of one topic sent at the same time on separate connections: each is computed
 * from the overrides its handler saw, so without the expectation the command carries, the last
 * one applied would drop the keys of those applied just before it.
 */
class ConcurrentConfigAlterationsTest {

    /** Distinct topic configs whose value 100000 is valid for each. */
    private static final List<String> KEYS = List.of("retention.ms", "segment.ms", "delete.retention.ms",
            "file.delete.delay.ms", "flush.messages", "flush.ms", "index.interval.bytes", "max.message.bytes",
            "min.compaction.lag.ms", "retention.bytes", "segment.jitter.ms", "max.compaction.lag.ms");
    private static final String VALUE = "100000";

    @TempDir
    Path dataDir;

    private TestNode node;
    private ExecutorService clients;

    @BeforeEach
    void startNode() throws Exception {
        node = TestNode.start(dataDir);
        clients = Executors.newFixedThreadPool(KEYS.size());
        try (KafkaWireClient client = node.connect()) {
            Requests.createTopic(client, "contended", 1);
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        clients.shutdownNow();
        assertThat(clients.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        node.close();
    }

    @Test
    void concurrentIncrementalSetsOfDifferentKeysAllTakeEffect() throws Exception {
        for (int round = 0; round < 5; round++) {
            String topic = "contended-" + round;
            try (KafkaWireClient client = node.connect()) {
                Requests.createTopic(client, topic, 1);
            }
            List<Errors> errors = all(KEYS.stream().map(key -> (Callable<Errors>) () -> {
                IncrementalAlterConfigsResponseData response = call(client -> client.call(
                        ApiKeys.INCREMENTAL_ALTER_CONFIGS, Requests.latest(ApiKeys.INCREMENTAL_ALTER_CONFIGS),
                        Requests.incrementalAlterConfigs(topic, key, AlterConfigOp.OpType.SET, VALUE),
                        IncrementalAlterConfigsResponseData.class));
                return Errors.forCode(response.responses().get(0).errorCode());
            }).toList());

            assertThat(errors).containsOnly(Errors.NONE);
            Map<String, String> expected = new LinkedHashMap<>();
            KEYS.forEach(key -> expected.put(key, VALUE));
            assertThat(node.engine().view().topic(topic).orElseThrow().configs())
                    .as("round %d", round).containsExactlyInAnyOrderEntriesOf(expected);
        }
    }

    @Test
    void concurrentAppendsToOneListConfigAllTakeEffect() throws Exception {
        List<String> replicas = new ArrayList<>();
        for (int broker = 0; broker < KEYS.size(); broker++) {
            replicas.add("0:" + broker);
        }
        List<Errors> errors = all(replicas.stream().map(replica -> (Callable<Errors>) () -> {
            IncrementalAlterConfigsResponseData response = call(client -> client.call(
                    ApiKeys.INCREMENTAL_ALTER_CONFIGS, Requests.latest(ApiKeys.INCREMENTAL_ALTER_CONFIGS),
                    Requests.incrementalAlterConfigs("contended", "leader.replication.throttled.replicas",
                            AlterConfigOp.OpType.APPEND, replica),
                    IncrementalAlterConfigsResponseData.class));
            return Errors.forCode(response.responses().get(0).errorCode());
        }).toList());

        assertThat(errors).containsOnly(Errors.NONE);
        String throttled = node.engine().view().topic("contended").orElseThrow().configs()
                .get("leader.replication.throttled.replicas");
        assertThat(throttled.split(",")).containsExactlyInAnyOrderElementsOf(replicas);
    }

    @Test
    void aWholeMapReplacementRacingIncrementalSetsLeavesOneOfTheSerialOutcomes() throws Exception {
        List<Errors> errors = all(List.of(
                () -> Errors.forCode(call(client -> client.call(ApiKeys.ALTER_CONFIGS, Requests.latest(ApiKeys.ALTER_CONFIGS),
                        Requests.alterConfigs("contended", Map.of("cleanup.policy", "compact")),
                        AlterConfigsResponseData.class)).responses().get(0).errorCode()),
                () -> Errors.forCode(call(client -> client.call(ApiKeys.INCREMENTAL_ALTER_CONFIGS,
                        Requests.latest(ApiKeys.INCREMENTAL_ALTER_CONFIGS),
                        Requests.incrementalAlterConfigs("contended", "retention.ms", AlterConfigOp.OpType.SET, VALUE),
                        IncrementalAlterConfigsResponseData.class)).responses().get(0).errorCode())));

        assertThat(errors).containsOnly(Errors.NONE);
        // Replace then set, or set then replace: never a set computed from the overrides before the replacement.
        assertThat(node.engine().view().topic("contended").orElseThrow().configs()).isIn(
                Map.of("cleanup.policy", "compact", "retention.ms", VALUE),
                Map.of("cleanup.policy", "compact"));
    }

    /** Runs the calls at once, each on its own thread, released together; their results in order. */
    private <T> List<T> all(List<Callable<T>> calls) throws Exception {
        CyclicBarrier start = new CyclicBarrier(calls.size());
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> call : calls) {
            futures.add(clients.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                return call.call();
            }));
        }
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get(30, TimeUnit.SECONDS));
        }
        return results;
    }

    /** One request on a connection of its own, so that the node handles the requests in parallel. */
    private <T> T call(WireCall<T> call) throws Exception {
        try (KafkaWireClient client = node.connect()) {
            return call.on(client);
        }
    }

    @FunctionalInterface
    private interface WireCall<T> {
        T on(KafkaWireClient client) throws Exception;
    }
}
