package io.quire.replication.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.quire.spi.replication.ReplicatedRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A member that joined the Hazelcast cluster (the open-source edition does not authenticate members)
 * but does not know the shared secret: nothing it sends is applied, and it is told nothing.
 */
@Timeout(60)
class AuthenticationTest {

    private static final String WRONG_SECRET = "not the cluster's secret at all";

    @Test
    void aMemberWithTheWrongSecretIsRefusedAndNothingItSendsIsApplied() {
        try (LogCapture logs = new LogCapture(HazelcastReplicationTransport.class);
                TestCluster cluster = TestCluster.start(3, Map.of(3, s -> s.secret = WRONG_SECRET))) {
            cluster.elect(1, 1);
            cluster.append(1, 100);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> cluster.node(2).log().lines().equals(cluster.node(1).log().lines()));

            // As a follower, the stranger is refused by the leader and gets nothing.
            await().atMost(Duration.ofSeconds(10)).until(() -> logs.messages(Level.WARN).stream().anyMatch(m ->
                    m.equals("Refused replication request from member (claiming node 3): authentication failed")));
            assertThat(cluster.node(3).log().acceptCalls()).isZero();
            assertThat(cluster.node(1).log().joined()).extracting(b -> b.id()).containsOnly(2);

            // It writes a forged batch, signed with its own secret, at the very offsets that come next.
            List<ReplicatedRecord> forged = new ArrayList<>();
            for (long offset = 100; offset < 110; offset++) {
                forged.add(new ReplicatedRecord(ReplicatedRecord.METADATA_TOPIC, 0, 1, offset, 110,
                        ("forged " + offset).getBytes(StandardCharsets.UTF_8)));
            }
            Authenticator stranger = new Authenticator(WRONG_SECRET.getBytes(StandardCharsets.UTF_8));
            stranger.bindCluster(TestCluster.CLUSTER_ID);
            cluster.node(3).transport().hazelcast().<byte[]>getRingbuffer(HazelcastReplicationTransport.ringName(1))
                    .add(stranger.sign(Messages.encode(new Messages.Batch(1, 1, forged))));
            await().atMost(Duration.ofSeconds(10)).until(() -> logs.messages(Level.WARN).stream().anyMatch(m ->
                    m.startsWith("Refused replication data from member")
                            && m.endsWith(": authentication failed")));

            // The legitimate records that follow still arrive; the forged ones were never applied.
            cluster.append(1, 10);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> cluster.node(2).log().lines().equals(cluster.node(1).log().lines()));
            assertThat(cluster.node(2).log().lines()).noneMatch(line -> line.contains("forged"));
            assertThat(cluster.node(2).log().acceptCalls()).isEqualTo(110);

            // As a leader, the stranger cannot verify the followers' requests nor sign its answers: the
            // followers take nothing from it.
            cluster.elect(3, 2);
            cluster.append(3, 20);
            await().atMost(Duration.ofSeconds(10)).until(() -> logs.messages(Level.WARN).stream().anyMatch(m ->
                    m.startsWith("Leader node 3 at ") && m.contains("refused this node's replication request")));
            assertThat(cluster.node(1).log().acceptCalls()).isZero();
            assertThat(cluster.node(2).log().acceptCalls()).isEqualTo(110);
            assertThat(cluster.node(2).log().endOffset()).isEqualTo(110);
        }
    }

    @Test
    void aMaliciousLeaderWithTheWrongSecretHasItsAnswersRefused() {
        // Node 3 does not know the secret and does not check MACs either: it answers every request.
        try (LogCapture logs = new LogCapture(HazelcastReplicationTransport.class);
                TestCluster cluster = TestCluster.start(2, Map.of(2, s -> {
                    s.secret = WRONG_SECRET;
                    s.ignoresMacs = true;
                }))) {
            cluster.elect(2, 1);
            cluster.append(2, 50);
            await().atMost(Duration.ofSeconds(10)).until(() -> logs.messages(Level.WARN).stream().anyMatch(m ->
                    m.startsWith("Refused replication data from member node 2 at ")
                            && m.endsWith(": authentication failed")));
            assertThat(cluster.node(2).log().joined()).extracting(b -> b.id()).containsOnly(1);
            assertThat(cluster.node(1).log().acceptCalls()).isZero();
            assertThat(cluster.node(1).log().installedSnapshots()).isEmpty();
            assertThat(cluster.node(1).log().truncations()).isEmpty();
        }
    }
}
