package io.quire.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the side-by-side tests: each scenario runs against the real Kafka broker first, then
 * against Quire, and Quire must come to exactly what Kafka came to. The test then asserts Kafka's
 * outcome against what the feature promises, so that a scenario that is wrong about Kafka fails
 * too instead of proving nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedTargets.class)
abstract class SideBySide {

    /** Topic names are unique across the run: the targets are shared by every test class. */
    private static final AtomicInteger TOPIC_SEQUENCE = new AtomicInteger();

    protected Target kafka;
    protected Target quire;

    @BeforeAll
    final void useTargets(Targets targets) {
        kafka = targets.kafka();
        quire = targets.quire();
    }

    /** Runs the scenario on Kafka, then on Quire; asserts both came to the same; returns that. */
    protected final <T> T same(Scenario<T> scenario) throws Exception {
        T onKafka = scenario.run(kafka);
        T onQuire = scenario.run(quire);
        assertThat(onQuire).as("Quire's outcome; Kafka 4.4's was %s", onKafka).isEqualTo(onKafka);
        return onKafka;
    }

    static String topicName(String purpose) {
        return purpose + "-" + TOPIC_SEQUENCE.incrementAndGet();
    }

    @FunctionalInterface
    interface Scenario<T> {
        T run(Target target) throws Exception;
    }
}
