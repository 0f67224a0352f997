package io.quire.campaigns.history;

/** How an operation ended, as its client saw it. */
public enum Outcome {
    /** Answered without error: the change must hold. */
    ACKNOWLEDGED,
    /** Refused for a reason that means nothing changed (an invalid request): the change must not appear. */
    FAILED,
    /** No answer, or an answer that does not say (a timeout, a lost connection, a retry's error): either may hold. */
    UNKNOWN
}
