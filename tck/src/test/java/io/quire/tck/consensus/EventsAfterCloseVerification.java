package io.quire.tck.consensus;

/** The suite bound to the in-JVM consensus with flaw {@link InJvmConsensus.Flaw#EVENTS_AFTER_CLOSE}. */
class EventsAfterCloseVerification extends InJvmVerification {

    @Override
    InJvmConsensus.Flaw flaw() {
        return InJvmConsensus.Flaw.EVENTS_AFTER_CLOSE;
    }
}
