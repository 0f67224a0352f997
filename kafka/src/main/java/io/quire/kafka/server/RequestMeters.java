package io.quire.kafka.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quire.core.engine.LatencyTimers;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeQuorumResponseData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AlterConfigsResponse;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.CreatePartitionsResponse;
import org.apache.kafka.common.requests.CreateTopicsResponse;
import org.apache.kafka.common.requests.DeleteTopicsResponse;
import org.apache.kafka.common.requests.DescribeClusterResponse;
import org.apache.kafka.common.requests.DescribeConfigsResponse;
import org.apache.kafka.common.requests.DescribeQuorumResponse;
import org.apache.kafka.common.requests.DescribeTopicPartitionsResponse;
import org.apache.kafka.common.requests.IncrementalAlterConfigsResponse;
import org.apache.kafka.common.requests.MetadataResponse;

/**
 * The Kafka listener's meters, as a Kafka broker's RequestMetrics count them: requests and their
 * latency per API, and each error code a response carries (Kafka's {@code ErrorsPerSec}, counted
 * from the response's own {@code errorCounts()}, NONE included), plus the open connections.
 */
final class RequestMeters {

    /** kafka-clients' response wrappers, which know where each response keeps its error codes. */
    private static final Map<ApiKeys, BiFunction<ApiMessage, Short, AbstractResponse>> RESPONSES = responses();

    private final MeterRegistry registry;
    private final Map<ApiKeys, Timer> latency = new EnumMap<>(ApiKeys.class);
    private final Map<ApiKeys, Map<Errors, Counter>> errors = new ConcurrentHashMap<>();
    private final AtomicInteger connections = new AtomicInteger();

    RequestMeters(MeterRegistry registry) {
        this.registry = registry;
        for (ApiKeys key : RESPONSES.keySet()) {
            latency.put(key, LatencyTimers.register(Timer.builder("quire.kafka.request")
                    .description("From a Kafka request's arrival to its response, per API (Kafka's TotalTimeMs)")
                    .tag("api", key.name), registry));
        }
        Gauge.builder("quire.kafka.connections", connections, AtomicInteger::get)
                .description("Open Kafka client connections").register(registry);
    }

    void connectionOpened() {
        connections.incrementAndGet();
    }

    void connectionClosed() {
        connections.decrementAndGet();
    }

    /** A request of {@code key} was answered with {@code response}, {@code nanos} after it arrived. */
    void answered(ApiKeys key, short version, ApiMessage response, long nanos) {
        Timer timer = latency.get(key);
        BiFunction<ApiMessage, Short, AbstractResponse> wrap = RESPONSES.get(key);
        if (timer == null || wrap == null) {
            return;
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
        AbstractResponse wrapped = wrap.apply(response, version);
        Map<Errors, Counter> byError = errors.computeIfAbsent(key, k -> new ConcurrentHashMap<>());
        wrapped.errorCounts().forEach((error, count) -> byError.computeIfAbsent(error, e ->
                Counter.builder("quire.kafka.request.errors")
                        .description("Error codes in Kafka responses, per API and code, NONE included"
                                + " (Kafka's ErrorsPerSec)")
                        .tag("api", key.name).tag("error", e.name())
                        .register(registry)).increment(count));
    }

    private static Map<ApiKeys, BiFunction<ApiMessage, Short, AbstractResponse>> responses() {
        Map<ApiKeys, BiFunction<ApiMessage, Short, AbstractResponse>> responses = new EnumMap<>(ApiKeys.class);
        responses.put(ApiKeys.API_VERSIONS, (m, v) -> new ApiVersionsResponse((ApiVersionsResponseData) m));
        responses.put(ApiKeys.METADATA, (m, v) -> new MetadataResponse((MetadataResponseData) m, v));
        responses.put(ApiKeys.CREATE_TOPICS, (m, v) -> new CreateTopicsResponse((CreateTopicsResponseData) m));
        responses.put(ApiKeys.DELETE_TOPICS, (m, v) -> new DeleteTopicsResponse((DeleteTopicsResponseData) m));
        responses.put(ApiKeys.CREATE_PARTITIONS, (m, v) -> new CreatePartitionsResponse((CreatePartitionsResponseData) m));
        responses.put(ApiKeys.DESCRIBE_CONFIGS, (m, v) -> new DescribeConfigsResponse((DescribeConfigsResponseData) m));
        responses.put(ApiKeys.ALTER_CONFIGS, (m, v) -> new AlterConfigsResponse((AlterConfigsResponseData) m));
        responses.put(ApiKeys.INCREMENTAL_ALTER_CONFIGS,
                (m, v) -> new IncrementalAlterConfigsResponse((IncrementalAlterConfigsResponseData) m));
        responses.put(ApiKeys.DESCRIBE_CLUSTER, (m, v) -> new DescribeClusterResponse((DescribeClusterResponseData) m));
        responses.put(ApiKeys.DESCRIBE_TOPIC_PARTITIONS,
                (m, v) -> new DescribeTopicPartitionsResponse((DescribeTopicPartitionsResponseData) m));
        responses.put(ApiKeys.DESCRIBE_QUORUM, (m, v) -> new DescribeQuorumResponse((DescribeQuorumResponseData) m));
        return responses;
    }
}
