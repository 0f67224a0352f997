package io.quire.kafka.handlers;

/**
 * The {@code timeoutMs} of Kafka's write requests. Kafka 4.4's controller turns it into a deadline
 * of now + timeoutMs (ControllerRequestContext.requestTimeoutMsToDeadlineNs) and fails an operation
 * whose deadline has passed before it runs, so a timeout of zero or less times every operation out
 * without executing any.
 */
final class Timeouts {

    private Timeouts() {}

    /** Whether a request with this timeout is timed out before anything runs. */
    static boolean expiredOnArrival(int timeoutMs) {
        return timeoutMs <= 0;
    }

    /** The message of a result timed out on arrival. */
    static String expiredMessage(int timeoutMs) {
        return "The request timed out: its timeoutMs (" + timeoutMs + ") leaves no time to complete it.";
    }
}
