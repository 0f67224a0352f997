package io.quire.tck.replication;

/** The suite bound to the in-JVM transport with flaw {@link InJvmTransport.Flaw#NO_SNAPSHOT}. */
class NoSnapshotVerification extends InJvmVerification {

    @Override
    InJvmTransport.Flaw flaw() {
        return InJvmTransport.Flaw.NO_SNAPSHOT;
    }
}
