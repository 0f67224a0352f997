package io.quire.tck.consensus;

/** The suite bound to the in-JVM consensus with flaw {@link InJvmConsensus.Flaw#OPAQUE_FAILURE_WITHOUT_A_MAJORITY}. */
class OpaqueFailureWithoutAMajorityVerification extends InJvmVerification {

    @Override
    InJvmConsensus.Flaw flaw() {
        return InJvmConsensus.Flaw.OPAQUE_FAILURE_WITHOUT_A_MAJORITY;
    }
}
