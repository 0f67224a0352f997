/** The {@code kafka-metadata} state machine: Kafka topics and brokers. */
module io.quire.statemachine.kafka {
    requires io.quire.spi;

    provides io.quire.spi.statemachine.StateMachineProvider
            with io.quire.statemachine.kafka.KafkaMetadataStateMachineProvider;
}
