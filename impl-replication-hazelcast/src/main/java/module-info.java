/**
 * The replication transport plugin {@code hazelcast}: every node runs an embedded Hazelcast member
 * (TCP-IP join, no multicast, no phone-home); the leader publishes HMAC-signed batches of its WAL
 * records into a Ringbuffer per leader epoch, followers read it from their own position and ask the
 * leader directly (an executor call to the leader's member) for catch-up and snapshots. Selected with
 * {@code plugins.replication: hazelcast}; the design is described in the module's {@code PROTOCOL.md}.
 */
module io.quire.replication.hazelcast {
    requires io.quire.spi;
    requires com.hazelcast.core;
    requires org.slf4j;
    // Hazelcast is an automatic module and declares none of the platform modules it uses (jdeps
    // lists them); on the module path they are resolved only when some module requires them.
    requires java.logging;
    requires java.management;
    requires java.naming;
    requires java.sql;
    requires java.transaction.xa;
    requires java.xml;
    requires jdk.net;
    requires jdk.unsupported;

    provides io.quire.spi.replication.ReplicationTransportProvider
            with io.quire.replication.hazelcast.HazelcastReplicationProvider;
}
