package io.quire.replication.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.api.metadata.BrokerInfo;
import io.quire.replication.tcp.PeerAuthenticator.Transcript;
import io.quire.spi.replication.LogPosition;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PeerAuthenticatorTest {

    private static final PeerAuthenticator CLUSTER = authenticator("the cluster's shared secret");
    private static final LogPosition POSITION = new LogPosition(2, 100, 100);
    private static final BrokerInfo BROKER = new BrokerInfo(2, "127.0.0.1", 9092, null);

    private final Transcript transcript =
            new Transcript("quire", 2, CLUSTER.nonce(), 1, 3, CLUSTER.nonce());

    @Test
    void bothSidesOfTheClusterComputeTheSameProofs() {
        PeerAuthenticator other = authenticator("the cluster's shared secret");
        assertThat(PeerAuthenticator.matches(other.leaderProof(transcript), CLUSTER.leaderProof(transcript))).isTrue();
        assertThat(PeerAuthenticator.matches(other.followerProof(transcript, POSITION, BROKER),
                CLUSTER.followerProof(transcript, POSITION, BROKER))).isTrue();
        assertThat(CLUSTER.leaderProof(transcript)).hasSize(FrameCodec.MAC_BYTES);
    }

    @Test
    void aProofDependsOnTheSecretTheRoleAndEveryFieldItCovers() {
        byte[] proof = CLUSTER.followerProof(transcript, POSITION, BROKER);

        assertThat(authenticator("another secret entirely").followerProof(transcript, POSITION, BROKER)).isNotEqualTo(proof);
        assertThat(CLUSTER.leaderProof(transcript)).isNotEqualTo(proof);
        assertThat(CLUSTER.followerProof(new Transcript("other", 2, transcript.followerNonce(), 1, 3,
                transcript.leaderNonce()), POSITION, BROKER)).isNotEqualTo(proof);
        assertThat(CLUSTER.followerProof(new Transcript("quire", 2, transcript.followerNonce(), 1, 4,
                transcript.leaderNonce()), POSITION, BROKER)).isNotEqualTo(proof);
        assertThat(CLUSTER.followerProof(new Transcript("quire", 2, transcript.followerNonce(), 1, 3,
                CLUSTER.nonce()), POSITION, BROKER)).isNotEqualTo(proof);
        assertThat(CLUSTER.followerProof(transcript, new LogPosition(2, 99, 99), BROKER)).isNotEqualTo(proof);
        assertThat(CLUSTER.followerProof(transcript, new LogPosition(2, 100, 50), BROKER)).isNotEqualTo(proof);
        assertThat(CLUSTER.followerProof(transcript, POSITION, new BrokerInfo(2, "127.0.0.1", 9093, null)))
                .isNotEqualTo(proof);
        assertThat(CLUSTER.followerProof(transcript, POSITION, new BrokerInfo(2, "127.0.0.1", 9092, "")))
                .isNotEqualTo(proof);
    }

    @Test
    void noncesAreFreshAndFullLength() {
        assertThat(CLUSTER.nonce()).hasSize(32).isNotEqualTo(CLUSTER.nonce());
    }

    private static PeerAuthenticator authenticator(String secret) {
        return new PeerAuthenticator(secret.getBytes(StandardCharsets.UTF_8));
    }
}
