package io.quire.tck.consensus;

/** The suite bound to the in-JVM consensus with flaw {@link InJvmConsensus.Flaw#NONE}. */
class HonestInJvmVerification extends InJvmVerification {

    @Override
    InJvmConsensus.Flaw flaw() {
        return InJvmConsensus.Flaw.NONE;
    }
}
