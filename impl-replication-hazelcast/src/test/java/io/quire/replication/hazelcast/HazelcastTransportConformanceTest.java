package io.quire.replication.hazelcast;

import io.quire.spi.replication.ReplicationTransportProvider;
import io.quire.tck.replication.ReplicationTransportVerification;
import java.util.Map;
import java.util.stream.Collectors;

/** The replication kit's rules, run against the {@code hazelcast} transport. */
class HazelcastTransportConformanceTest extends ReplicationTransportVerification {

    @Override
    protected ReplicationTransportProvider provider() {
        return new HazelcastReplicationProvider();
    }

    @Override
    protected Map<String, String> settings(int nodeId, Map<Integer, Integer> portsByNode, String secret) {
        String members = portsByNode.entrySet().stream()
                .map(member -> member.getKey() + "=127.0.0.1:" + member.getValue())
                .collect(Collectors.joining(","));
        // A small ring and small batches, so that a follower that falls behind catches up through the leader.
        return Map.of("host", "127.0.0.1", "port", String.valueOf(portsByNode.get(nodeId)), "members", members,
                "secret", secret, "ring-capacity", "64", "batch-records", "32");
    }
}
