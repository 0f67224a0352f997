package io.quire.statemachine.kafka;

import static io.quire.statemachine.kafka.StateMachines.broker;
import static org.assertj.core.api.Assertions.assertThat;

import io.quire.spi.statemachine.StateMachine;
import io.quire.spi.statemachine.StateMachineProvider;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaMetadataStateMachineProviderTest {

    @TempDir
    Path dir;

    @Test
    void serviceLoaderFindsTheProviderNamedKafkaMetadata() {
        StateMachineProvider provider = StateMachines.provider();

        assertThat(provider.name()).isEqualTo("kafka-metadata");
        assertThat(provider.description()).isNotBlank();
        assertThat(provider.configKeys()).isEmpty();
    }

    @Test
    void createdStateMachineStartsEmptyWithNothingApplied() {
        StateMachine stateMachine = StateMachines.create(dir);

        assertThat(stateMachine.appliedOffset()).isEqualTo(-1);
        assertThat(stateMachine.view().topics()).isEmpty();
        assertThat(stateMachine.view().brokers()).isEmpty();
        assertThat(stateMachine.digest()).matches("[0-9a-f]+");
    }

    @Test
    void eachCreateReturnsAnIndependentInstance() {
        StateMachine first = StateMachines.create(dir);
        StateMachine second = StateMachines.create(dir);
        String emptyDigest = second.digest();

        first.apply(0, broker(1));

        assertThat(first).isNotSameAs(second);
        assertThat(second.view().brokers()).isEmpty();
        assertThat(second.appliedOffset()).isEqualTo(-1);
        assertThat(second.digest()).isEqualTo(emptyDigest).isNotEqualTo(first.digest());
    }
}
