package io.quire.kafka.handlers;

import java.util.Optional;

/** Broker config resources are named by broker id; a node answers only for itself. */
final class BrokerResources {

    private BrokerResources() {}

    /** Why a broker resource of that (non-empty) name is not this node's, in Kafka's words, or empty. */
    static Optional<String> wrongBroker(String name, int nodeId) {
        int id;
        try {
            id = Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return Optional.of("Broker id must be an integer, but it is: " + name);
        }
        if (id != nodeId) {
            return Optional.of("Unexpected broker id, expected " + nodeId + " or empty string, but received " + name);
        }
        return Optional.empty();
    }
}
