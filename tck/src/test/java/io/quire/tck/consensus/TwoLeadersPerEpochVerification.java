package io.quire.tck.consensus;

/** The suite bound to the in-JVM consensus with flaw {@link InJvmConsensus.Flaw#TWO_LEADERS_PER_EPOCH}. */
class TwoLeadersPerEpochVerification extends InJvmVerification {

    @Override
    InJvmConsensus.Flaw flaw() {
        return InJvmConsensus.Flaw.TWO_LEADERS_PER_EPOCH;
    }
}
