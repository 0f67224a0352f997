package io.quire.replication.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.quire.replication.tcp.Frame.Ack;
import io.quire.replication.tcp.Frame.Challenge;
import io.quire.replication.tcp.Frame.Hello;
import io.quire.replication.tcp.Frame.Records;
import io.quire.spi.replication.LogPosition;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peers that send garbage, claim huge frames or never acknowledge: each costs only its own
 * connection, and the listener keeps serving the real followers.
 */
@Timeout(30)
class HostilePeerTest {

    @TempDir
    Path dir;

    @Test
    void randomBytesCloseOnlyThatConnection() throws Exception {
        try (LogCapture refusals = new LogCapture(LeaderHandshake.class);
                TestCluster cluster = TestCluster.start(dir, 3)) {
            cluster.elect(1, 1);
            cluster.append(1, 100);
            int port = cluster.node(1).port();
            Random random = new Random(7);
            for (int i = 0; i < 5; i++) {
                byte[] garbage = new byte[1 + random.nextInt(4096)];
                random.nextBytes(garbage);
                try (RawPeer stranger = new RawPeer(port)) {
                    stranger.send(garbage);
                    assertThat(stranger.closedByNode()).isTrue();
                }
            }

            assertListenerServes(cluster, 200);
            assertThat(refusals.messages(Level.WARN)).hasSizeGreaterThanOrEqualTo(5)
                    .allMatch(line -> line.startsWith("Refused replication connection from /127.0.0.1:"));
        }
    }

    @Test
    void anOversizedFrameIsRefusedFromItsLengthAlone() throws Exception {
        try (LogCapture refusals = new LogCapture(LeaderHandshake.class);
                TestCluster cluster = TestCluster.start(dir, 3)) {
            cluster.elect(1, 1);
            try (RawPeer stranger = new RawPeer(cluster.node(1).port())) {
                // Only the length prefix: the node must not wait for (nor buffer) the 1 GiB it claims.
                stranger.send(new byte[] {0x40, 0, 0, 0});
                assertThat(stranger.closedByNode()).isTrue();
            }
            try (RawPeer stranger = new RawPeer(cluster.node(1).port())) {
                // Within max-frame-bytes, but more than a handshake frame can be.
                stranger.send(new byte[] {0, 1, 0, 0});
                assertThat(stranger.closedByNode()).isTrue();
            }

            assertListenerServes(cluster, 50);
            assertThat(refusals.messages(Level.WARN)).anyMatch(line -> line.endsWith(
                    ": frame length 1073741824 is not in 1.." + FrameCodec.HANDSHAKE_MAX_FRAME_BYTES));
        }
    }

    @Test
    void anAuthenticatedFollowerThatSendsAnOversizedFrameLosesItsConnectionOnly() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, 3)) {
            impersonateNode3(cluster);
            cluster.elect(1, 1);
            try (RawPeer follower = RawPeer.follower(cluster.node(1).port(), 3, new LogPosition(-1, 0, 0))) {
                ByteArrayOutputStream claim = new ByteArrayOutputStream();
                new DataOutputStream(claim).writeInt(TestCluster.CONFIG.maxFrameBytes() + 1);
                follower.send(claim.toByteArray());
                assertThat(follower.closedByNode()).isTrue();
            }
            assertListenerServes(cluster, 50);
        }
    }

    @Test
    void aMalformedHelloIsRefusedWithItsReason() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, 2)) {
            cluster.elect(1, 1);
            try (RawPeer stranger = new RawPeer(cluster.node(1).port())) {
                stranger.send(new Hello(FrameCodec.PROTOCOL_VERSION, "bad\nid", 2, new byte[32]));
                assertThat(stranger.receive()).isEqualTo(
                        new Frame.Refuse("HELLO frame has an invalid cluster id: it contains control characters"));
                assertThat(stranger.closedByNode()).isTrue();
            }
        }
    }

    @Test
    void aFollowerThatNeverAcknowledgesGetsAtMostTheWindow() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, 3)) {
            impersonateNode3(cluster);
            cluster.elect(1, 1);
            cluster.append(1, 1000);
            int window = TestCluster.CONFIG.maxInFlightBatches();

            try (RawPeer follower = RawPeer.follower(cluster.node(1).port(), 3, new LogPosition(-1, 0, 0))) {
                List<Records> received = new ArrayList<>();
                Frame frame;
                while ((frame = follower.receiveWithin(Duration.ofMillis(500))) != null) {
                    received.add((Records) frame);
                }
                assertThat(received).hasSize(window);
                assertThat(received.get(0).records().get(0).offset()).isZero();

                // One acknowledgement opens the window by one batch, which starts where the last one ended.
                follower.send(new Ack(received.get(0).endOffset()));
                Records next = (Records) follower.receive();
                assertThat(next.records().get(0).offset()).isEqualTo(received.get(window - 1).endOffset());
                assertThat(follower.receiveWithin(Duration.ofMillis(300))).isNull();
            }
            // Meanwhile the real follower took everything.
            await().until(() -> cluster.node(2).log().endOffset() == 1000);
        }
    }

    @Test
    void aFollowerThatConnectsAgainReplacesItsOldConnection() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, 3)) {
            impersonateNode3(cluster);
            cluster.elect(1, 1);
            cluster.append(1, 10);
            try (RawPeer halfOpen = RawPeer.follower(cluster.node(1).port(), 3, new LogPosition(-1, 0, 0));
                    RawPeer again = RawPeer.follower(cluster.node(1).port(), 3, new LogPosition(-1, 0, 0))) {
                // The new connection states where the follower is; the old one is closed, not served.
                assertThat(again.receive()).isInstanceOf(Records.class);
                assertThat(halfOpen.closedByNode()).isTrue();
            }
        }
    }

    @Test
    void anAcknowledgementOfWhatWasNeverSentClosesTheConnection() throws Exception {
        try (LogCapture leaderLines = new LogCapture(LeaderSession.class);
                TestCluster cluster = TestCluster.start(dir, 3)) {
            impersonateNode3(cluster);
            cluster.elect(1, 1);
            try (RawPeer follower = RawPeer.follower(cluster.node(1).port(), 3, new LogPosition(-1, 0, 0))) {
                follower.send(new Ack(12345));
                assertThat(follower.closedByNode()).isTrue();
            }
            assertThat(leaderLines.messages(Level.WARN)).anyMatch(line ->
                    line.contains("follower acknowledged offset 12345, but nothing was in flight"));
            assertListenerServes(cluster, 10);
        }
    }

    /** Node 3 is down, so that a raw client can authenticate as node 3 without the real one taking over. */
    private static void impersonateNode3(TestCluster cluster) {
        cluster.node(3).transport().close();
    }

    /** The real followers still receive, and a new connection still gets a CHALLENGE. */
    private static void assertListenerServes(TestCluster cluster, int records) throws IOException, ProtocolException {
        long end = cluster.node(1).log().endOffset() + records;
        cluster.append(1, records);
        await().until(() -> cluster.node(2).log().endOffset() == end);
        try (RawPeer peer = new RawPeer(cluster.node(1).port())) {
            peer.send(new Hello(FrameCodec.PROTOCOL_VERSION, TestCluster.CLUSTER_ID, 2, new byte[32]));
            assertThat(peer.receive()).isInstanceOf(Challenge.class);
        }
    }
}
