package io.quire.core.status;

/** What a node is in the metadata quorum, as it knows itself. */
public enum Role {
    /** It leads and takes writes. */
    LEADER,
    /** It was elected and is fetching what it lacks before it takes writes. */
    TAKING_OVER,
    /** Another node leads; this one applies what that node replicates. */
    FOLLOWER,
    /** No leader is known yet. */
    UNKNOWN
}
