package io.quire.tck.consensus;

/** The suite bound to the in-JVM consensus with flaw {@link InJvmConsensus.Flaw#MINORITY_ELECTS}. */
class MinorityElectsVerification extends InJvmVerification {

    @Override
    InJvmConsensus.Flaw flaw() {
        return InJvmConsensus.Flaw.MINORITY_ELECTS;
    }
}
