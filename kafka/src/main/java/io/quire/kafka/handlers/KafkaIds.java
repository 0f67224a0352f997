package io.quire.kafka.handlers;

import java.util.UUID;
import org.apache.kafka.common.Uuid;

/** Converts topic ids between Quire's {@link UUID} and Kafka's {@link Uuid}. */
final class KafkaIds {

    private KafkaIds() {}

    static Uuid toKafka(UUID id) {
        return new Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }

    static UUID fromKafka(Uuid id) {
        return new UUID(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }
}
