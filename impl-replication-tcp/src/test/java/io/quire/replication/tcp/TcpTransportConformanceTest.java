package io.quire.replication.tcp;

import io.quire.spi.replication.ReplicationTransportProvider;
import io.quire.tck.replication.ReplicationTransportVerification;
import java.util.Map;
import java.util.stream.Collectors;

/** The replication kit's rules, run against the {@code tcp} transport. */
class TcpTransportConformanceTest extends ReplicationTransportVerification {

    @Override
    protected ReplicationTransportProvider provider() {
        return new TcpReplicationProvider();
    }

    @Override
    protected Map<String, String> settings(int nodeId, Map<Integer, Integer> portsByNode, String secret) {
        String peers = portsByNode.entrySet().stream()
                .map(peer -> peer.getKey() + "=127.0.0.1:" + peer.getValue())
                .collect(Collectors.joining(","));
        // Small batches, so that a thousand records take many; a short backoff, so that a restart is quick.
        return Map.of("host", "127.0.0.1", "port", String.valueOf(portsByNode.get(nodeId)), "peers", peers,
                "secret", secret, "batch-records", "64", "reconnect-backoff-ms", "50");
    }
}
