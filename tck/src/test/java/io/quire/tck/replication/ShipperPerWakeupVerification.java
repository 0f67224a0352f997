package io.quire.tck.replication;

/** The suite bound to the in-JVM transport with flaw {@link InJvmTransport.Flaw#SHIPPER_PER_WAKEUP}. */
class ShipperPerWakeupVerification extends InJvmVerification {

    @Override
    InJvmTransport.Flaw flaw() {
        return InJvmTransport.Flaw.SHIPPER_PER_WAKEUP;
    }
}
