package io.quire.tck.consensus;

/** The suite bound to the in-JVM consensus with flaw {@link InJvmConsensus.Flaw#HANGS_WITHOUT_A_MAJORITY}. */
class HangsWithoutAMajorityVerification extends InJvmVerification {

    @Override
    InJvmConsensus.Flaw flaw() {
        return InJvmConsensus.Flaw.HANGS_WITHOUT_A_MAJORITY;
    }
}
