package io.quire.statemachine.kafka;

import io.quire.spi.plugin.PluginContext;
import io.quire.spi.statemachine.StateMachine;
import io.quire.spi.statemachine.StateMachineProvider;

/** Provides the {@code kafka-metadata} state machine. */
public final class KafkaMetadataStateMachineProvider implements StateMachineProvider {

    @Override
    public String name() {
        return "kafka-metadata";
    }

    @Override
    public String description() {
        return "Kafka topics (ids, partitions, replicas, configs) and brokers, in memory";
    }

    @Override
    public StateMachine create(PluginContext context) {
        return new KafkaMetadataStateMachine();
    }
}
