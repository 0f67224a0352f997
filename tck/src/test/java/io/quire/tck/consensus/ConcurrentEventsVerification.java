package io.quire.tck.consensus;

/** The suite bound to the in-JVM consensus with flaw {@link InJvmConsensus.Flaw#CONCURRENT_EVENTS}. */
class ConcurrentEventsVerification extends InJvmVerification {

    @Override
    InJvmConsensus.Flaw flaw() {
        return InJvmConsensus.Flaw.CONCURRENT_EVENTS;
    }
}
