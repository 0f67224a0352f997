package io.quire.tck.replication;

/** The suite bound to the in-JVM transport with flaw {@link InJvmTransport.Flaw#ONE_SHIPPER_FOR_ALL}. */
class OneShipperForAllVerification extends InJvmVerification {

    @Override
    InJvmTransport.Flaw flaw() {
        return InJvmTransport.Flaw.ONE_SHIPPER_FOR_ALL;
    }
}
