/**
 * The {@code hazelcast} replication transport: {@link io.quire.replication.hazelcast.HazelcastReplicationProvider}
 * creates a {@code HazelcastReplicationTransport} that embeds a Hazelcast member; see the module's
 * {@code PROTOCOL.md} for the data flow, the application-level authentication and its limits.
 */
package io.quire.replication.hazelcast;
