package io.quire.consensus.ratis;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.TimeDuration;

/** The plugin's settings, and the Ratis group and properties they make. */
record RatisSettings(int nodeId, Map<Integer, InetSocketAddress> peers, String groupName, Duration electionTimeout,
        Duration proposalTimeout, int snapshotEveryEntries, int purgeGapEntries, Path dataDir) {

    static RaftPeerId peerId(int nodeId) {
        return RaftPeerId.valueOf("n" + nodeId);
    }

    /** The Quire node id of a Ratis peer id made by {@link #peerId}. */
    static int nodeId(RaftPeerId peerId) {
        return Integer.parseInt(peerId.toString().substring(1));
    }

    RaftGroup group() {
        List<RaftPeer> members = peers.entrySet().stream()
                .map(peer -> RaftPeer.newBuilder().setId(peerId(peer.getKey()))
                        .setAddress(peer.getValue().getHostString() + ":" + peer.getValue().getPort()).build())
                .toList();
        UUID id = UUID.nameUUIDFromBytes(("quire-metadata:" + groupName).getBytes(StandardCharsets.UTF_8));
        return RaftGroup.valueOf(RaftGroupId.valueOf(id), members);
    }

    RaftProperties serverProperties() {
        RaftProperties properties = new RaftProperties();
        InetSocketAddress self = peers.get(nodeId);
        GrpcConfigKeys.Server.setHost(properties, self.getHostString());
        GrpcConfigKeys.Server.setPort(properties, self.getPort());
        RaftServerConfigKeys.setStorageDir(properties, List.of(dataDir.toFile()));
        RaftServerConfigKeys.Rpc.setTimeoutMin(properties, millis(electionTimeout.toMillis()));
        RaftServerConfigKeys.Rpc.setTimeoutMax(properties, millis(2 * electionTimeout.toMillis()));
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(properties, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(properties, snapshotEveryEntries);
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(properties, true);
        RaftServerConfigKeys.Log.setPurgeGap(properties, purgeGapEntries);
        return properties;
    }

    RaftProperties clientProperties(Duration requestTimeout) {
        RaftProperties properties = new RaftProperties();
        RaftClientConfigKeys.Rpc.setRequestTimeout(properties, millis(requestTimeout.toMillis()));
        return properties;
    }

    private static TimeDuration millis(long millis) {
        return TimeDuration.valueOf(millis, TimeUnit.MILLISECONDS);
    }
}
