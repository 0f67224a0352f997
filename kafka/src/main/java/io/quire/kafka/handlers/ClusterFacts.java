package io.quire.kafka.handlers;

import io.quire.core.engine.MetadataEngine;

/** Facts about the cluster that several responses report. */
final class ClusterFacts {

    /** Kafka's "no controller known". */
    private static final int NO_CONTROLLER = -1;

    private ClusterFacts() {}

    /**
     * The node Kafka clients should treat as the controller: the metadata leader, which is where
     * writes are cheapest (clients send CreateTopics and DeleteTopics there).
     */
    static int controllerId(MetadataEngine engine) {
        return engine.leadership().leaderId().orElse(NO_CONTROLLER);
    }
}
