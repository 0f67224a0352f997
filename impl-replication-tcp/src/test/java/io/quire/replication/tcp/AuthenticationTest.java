package io.quire.replication.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.quire.api.metadata.BrokerInfo;
import io.quire.replication.tcp.Frame.Challenge;
import io.quire.replication.tcp.Frame.Hello;
import io.quire.replication.tcp.Frame.Proof;
import io.quire.replication.tcp.Frame.Records;
import io.quire.replication.tcp.Frame.Refuse;
import io.quire.replication.tcp.Frame.Welcome;
import io.quire.spi.replication.ReplicatedRecord;
import io.quire.tck.replication.MemoryLog;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Only authenticated members of the cluster take part; a refused peer learns why, and so does the log. */
@Timeout(30)
class AuthenticationTest {

    @TempDir
    Path dir;

    @Test
    void aFollowerWithTheWrongSecretIsRefusedAndReceivesNothing() {
        try (LogCapture leaderLines = new LogCapture(LeaderHandshake.class);
                LogCapture followerLines = new LogCapture(FollowerHandshake.class);
                TestCluster cluster = TestCluster.start(dir, 3,
                        Map.of(3, spec -> spec.secret = "not the cluster's shared secret"))) {
            cluster.elect(1, 1);
            cluster.append(1, 50);

            await().until(() -> cluster.node(2).log().endOffset() == 50);
            await().until(() -> leaderLines.messages(Level.WARN).stream().anyMatch(line -> line.matches(
                    "Refused replication connection from /127\\.0\\.0\\.1:\\d+: "
                            + "authentication failed \\(wrong secret or cluster id\\)")));
            await().until(() -> followerLines.messages(Level.WARN).stream().anyMatch(line -> line.startsWith(
                    "Leader 1 at /127.0.0.1:" + cluster.node(1).port() + " refused replication: authentication failed")));
            assertNothingReached(cluster, 3);
        }
    }

    @Test
    void aFollowerOfAnotherClusterIsRefusedAndReceivesNothing() {
        try (LogCapture leaderLines = new LogCapture(LeaderHandshake.class);
                TestCluster cluster = TestCluster.start(dir, 3, Map.of(3, spec -> spec.clusterId = "another-cluster"))) {
            cluster.elect(1, 1);
            cluster.append(1, 50);

            await().until(() -> leaderLines.messages(Level.WARN).stream().anyMatch(line -> line.endsWith(
                    ": wrong cluster id 'another-cluster' (this node is in cluster 'quire-test')")));
            assertNothingReached(cluster, 3);
        }
    }

    @Test
    void aFollowerBelievesNoLeaderThatCannotProveTheSecret() throws Exception {
        try (LogCapture followerLines = new LogCapture(FollowerHandshake.class);
                TestCluster cluster = TestCluster.start(dir, 2);
                ServerSocket impostor = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            impostor.setSoTimeout(10_000);
            cluster.node(2).transport().usePeerAddresses(PeerList.of(Map.of(
                    1, InetSocketAddress.createUnresolved("127.0.0.1", impostor.getLocalPort()),
                    2, InetSocketAddress.createUnresolved("127.0.0.1", cluster.node(2).port()))));
            cluster.elect(1, 1);

            try (RawPeer follower = new RawPeer(impostor.accept())) {
                assertThat(follower.receive()).isInstanceOf(Hello.class);
                follower.send(new Challenge(1, 1, new byte[32]));
                assertThat(follower.receive()).isInstanceOf(Proof.class);
                follower.send(new Welcome(new byte[32]));
                follower.send(new Records(List.of(new ReplicatedRecord(ReplicatedRecord.METADATA_TOPIC, 0, 1, 0, 1,
                        new byte[] {1}))));
                assertThat(follower.closedByNode()).isTrue();
            }
            assertThat(followerLines.messages(Level.WARN)).anyMatch(line -> line.matches(
                    "Closing replication connection to leader 1 at /127\\.0\\.0\\.1:\\d+: "
                            + "replication peer failed authentication \\(wrong secret or cluster id\\)"));
            assertThat(cluster.node(2).log().acceptCalls()).isZero();
        }
    }

    @Test
    void strangersAndTheLeaderItselfAreRefusedWithTheReason() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, 2)) {
            cluster.elect(1, 1);
            int port = cluster.node(1).port();
            try (RawPeer stranger = new RawPeer(port)) {
                stranger.send(new Hello(FrameCodec.PROTOCOL_VERSION, TestCluster.CLUSTER_ID, 9, new byte[32]));
                assertThat(stranger.receive()).isEqualTo(
                        new Refuse("node 9 is not among the replication peers [1, 2]"));
            }
            try (RawPeer impostor = new RawPeer(port)) {
                impostor.send(new Hello(FrameCodec.PROTOCOL_VERSION, TestCluster.CLUSTER_ID, 1, new byte[32]));
                assertThat(impostor.receive()).isEqualTo(new Refuse("the peer claims this node's own id 1"));
            }
            try (RawPeer follower = new RawPeer(cluster.node(2).port())) {
                follower.send(new Hello(FrameCodec.PROTOCOL_VERSION, TestCluster.CLUSTER_ID, 1, new byte[32]));
                assertThat(follower.receive()).isEqualTo(new Refuse("node 2 is not the leader"));
            }
        }
    }

    @Test
    void aSilentPeerIsDroppedAfterTheHandshakeTimeout() throws Exception {
        try (LogCapture leaderLines = new LogCapture(LeaderHandshake.class);
                TestCluster cluster = TestCluster.start(dir, 2)) {
            cluster.elect(1, 1);
            try (RawPeer silent = new RawPeer(cluster.node(1).port())) {
                assertThat(silent.closedByNode()).isTrue();
            }
            assertThat(leaderLines.messages(Level.WARN)).anyMatch(line ->
                    line.endsWith(": handshake not completed within " + TestCluster.CONFIG.handshakeTimeoutMs() + " ms"));
        }
    }

    private static void assertNothingReached(TestCluster cluster, int nodeId) {
        MemoryLog log = cluster.node(nodeId).log();
        assertThat(log.acceptCalls()).isZero();
        assertThat(log.truncations()).isEmpty();
        assertThat(log.installedSnapshots()).isEmpty();
        assertThat(cluster.node(1).log().joined()).extracting(BrokerInfo::id).doesNotContain(nodeId);
        assertThat(cluster.node(1).log().acknowledgedBy(nodeId)).isEqualTo(-1);
    }
}
