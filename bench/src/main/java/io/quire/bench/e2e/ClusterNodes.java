package io.quire.bench.e2e;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.common.Node;

/**
 * The nodes of a running cluster as the benchmarks address them: the metadata leader (Quire's
 * leader, Kafka's active controller) and every other node. Asked through DescribeQuorum, which
 * both answer with the Raft leader, rather than the Metadata response's controller id: a KRaft
 * broker reports a random live broker there.
 *
 * @param leader the leader's Kafka address, host:port
 * @param others the other nodes' Kafka addresses (followers, or brokers not hosting the active controller)
 */
record ClusterNodes(String leader, List<String> others) {

    private static final long READY_TIMEOUT_SECONDS = 60;

    /**
     * Waits until the cluster has elected its leader and registered at least {@code brokers}
     * brokers: right after start a cluster may still be electing, or registering its brokers.
     */
    static ClusterNodes await(String bootstrapServers, int brokers) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_SECONDS);
            String last = "no answer";
            while (true) {
                try {
                    QuorumInfo quorum = admin.describeMetadataQuorum().quorumInfo()
                            .get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    List<Node> nodes = List.copyOf(admin.describeCluster().nodes()
                            .get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS));
                    Node leader = nodes.stream().filter(n -> n.id() == quorum.leaderId()).findFirst().orElse(null);
                    if (leader != null && nodes.size() >= brokers) {
                        return new ClusterNodes(address(leader),
                                nodes.stream().filter(n -> n != leader).map(ClusterNodes::address).toList());
                    }
                    last = "leader " + quorum.leaderId() + ", brokers " + nodes;
                } catch (ExecutionException e) {
                    // Electing, or not yet serving: asked again until the deadline.
                    last = e.getCause().toString();
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(bootstrapServers + " elected no leader with " + brokers
                            + " brokers within " + READY_TIMEOUT_SECONDS + " s (last: " + last + ")");
                }
                Thread.sleep(200);
            }
        }
    }

    private static String address(Node node) {
        return node.host() + ":" + node.port();
    }
}
