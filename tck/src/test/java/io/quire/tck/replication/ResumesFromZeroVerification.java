package io.quire.tck.replication;

/** The suite bound to the in-JVM transport with flaw {@link InJvmTransport.Flaw#RESUMES_FROM_ZERO}. */
class ResumesFromZeroVerification extends InJvmVerification {

    @Override
    InJvmTransport.Flaw flaw() {
        return InJvmTransport.Flaw.RESUMES_FROM_ZERO;
    }
}
