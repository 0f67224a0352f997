package io.quire.tck.replication;

/** The suite bound to the in-JVM transport with flaw {@link InJvmTransport.Flaw#NONE}. */
class HonestInJvmVerification extends InJvmVerification {

    @Override
    InJvmTransport.Flaw flaw() {
        return InJvmTransport.Flaw.NONE;
    }
}
