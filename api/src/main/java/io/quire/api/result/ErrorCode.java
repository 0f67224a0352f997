package io.quire.api.result;

/** Why a metadata request failed; the protocol front ends map these to their own codes. */
public enum ErrorCode {
    NONE,
    TOPIC_ALREADY_EXISTS,
    INVALID_TOPIC,
    UNKNOWN_TOPIC,
    INVALID_PARTITIONS,
    INVALID_REPLICATION_FACTOR,
    INVALID_REPLICA_ASSIGNMENT,
    INVALID_CONFIG,
    INVALID_REQUEST,
    /**
     * The state the command was computed from changed before the command was applied (another
     * change got there first); the front end that built it recomputes it from the new state.
     */
    STALE_COMMAND,
    /** This node cannot execute writes and could not hand the request to a node that can. */
    NOT_LEADER,
    REQUEST_TIMED_OUT,
    /** The request could not be completed because of a fault on this node (for example a disk error). */
    INTERNAL_ERROR
}
