package io.quire.api.command;

import io.quire.api.metadata.BrokerInfo;
import java.util.Objects;

/** Registers a broker, or replaces the registration of a broker with the same id. */
public record RegisterBroker(BrokerInfo broker) implements MetadataCommand {

    public RegisterBroker {
        Objects.requireNonNull(broker, "broker");
    }
}
