package io.quire.kafka.handlers;

import io.quire.api.result.ErrorCode;
import org.apache.kafka.common.protocol.Errors;

/** Maps Quire's error codes to Kafka's. */
final class KafkaErrors {

    private KafkaErrors() {}

    static Errors of(ErrorCode code) {
        return switch (code) {
            case NONE -> Errors.NONE;
            case TOPIC_ALREADY_EXISTS -> Errors.TOPIC_ALREADY_EXISTS;
            case INVALID_TOPIC -> Errors.INVALID_TOPIC_EXCEPTION;
            case UNKNOWN_TOPIC -> Errors.UNKNOWN_TOPIC_OR_PARTITION;
            case INVALID_PARTITIONS -> Errors.INVALID_PARTITIONS;
            case INVALID_REPLICATION_FACTOR -> Errors.INVALID_REPLICATION_FACTOR;
            case INVALID_REPLICA_ASSIGNMENT -> Errors.INVALID_REPLICA_ASSIGNMENT;
            case INVALID_CONFIG -> Errors.INVALID_CONFIG;
            case INVALID_REQUEST -> Errors.INVALID_REQUEST;
            // Reaches a client only once its handler gave up recomputing a change that kept losing
            // to concurrent ones: Kafka's controller, which serializes them, would still be working
            // on it, and the error is retriable.
            case STALE_COMMAND -> Errors.REQUEST_TIMED_OUT;
            case NOT_LEADER -> Errors.NOT_CONTROLLER;
            case REQUEST_TIMED_OUT -> Errors.REQUEST_TIMED_OUT;
            case INTERNAL_ERROR -> Errors.UNKNOWN_SERVER_ERROR;
        };
    }
}
