package io.quire.tck.replication;

/** The suite bound to the in-JVM transport with flaw {@link InJvmTransport.Flaw#DELIVERS_TWICE}. */
class DeliversTwiceVerification extends InJvmVerification {

    @Override
    InJvmTransport.Flaw flaw() {
        return InJvmTransport.Flaw.DELIVERS_TWICE;
    }
}
