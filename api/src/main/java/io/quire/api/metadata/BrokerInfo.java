package io.quire.api.metadata;

import java.util.Objects;
import java.util.Optional;

/**
 * A broker as Kafka clients see it: the node id and the address where it serves Kafka requests.
 *
 * @param rack the rack, or {@code null} when none is configured
 */
public record BrokerInfo(int id, String host, int port, String rack) {

    public BrokerInfo {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    public Optional<String> rackIfAny() {
        return Optional.ofNullable(rack);
    }
}
