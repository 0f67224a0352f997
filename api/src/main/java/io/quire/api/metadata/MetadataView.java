package io.quire.api.metadata;

import java.util.Collection;
import java.util.Optional;
import java.util.UUID;

/**
 * A read-only view of the metadata held by a state machine.
 *
 * <p>Thread-safe: readers call it from any thread while commands are being applied; every call
 * sees the state after some whole number of applied commands, never a half-applied one.
 */
public interface MetadataView {

    Optional<TopicMetadata> topic(String name);

    Optional<TopicMetadata> topic(UUID topicId);

    /** Every topic, ordered by name. */
    Collection<TopicMetadata> topics();

    /**
     * The existing topic whose name equals {@code name} once '.' and '_' are treated as the same
     * character (Kafka forbids such pairs because their metric names collide), if any.
     */
    Optional<String> topicCollidingWith(String name);

    Optional<BrokerInfo> broker(int id);

    /** Every registered broker, ordered by id. */
    Collection<BrokerInfo> brokers();
}
