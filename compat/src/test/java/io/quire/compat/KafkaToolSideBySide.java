package io.quire.compat;

import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of the tests of Kafka's command-line tools. Each scenario runs once per target
 * ({@code @MethodSource("targets")}) and asserts the same expectations on each: the Kafka broker
 * first, which proves an expectation is Kafka's; then a Quire node; then a 3-node Quire cluster,
 * bootstrapped through each of its nodes in turn, the leader and both followers.
 */
abstract class KafkaToolSideBySide extends SideBySide {

    private QuireCluster cluster;

    @BeforeAll
    final void useCluster(QuireCluster cluster) {
        this.cluster = cluster;
    }

    Stream<Target> targets() {
        return Stream.concat(Stream.of(kafka, quire), cluster.nodes().stream());
    }
}
