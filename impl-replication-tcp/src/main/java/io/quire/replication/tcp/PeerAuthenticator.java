package io.quire.replication.tcp;

import io.quire.api.metadata.BrokerInfo;
import io.quire.spi.replication.LogPosition;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Proves knowledge of the shared secret without sending it: each side answers the other's fresh
 * nonce with HMAC-SHA256 over a transcript of the handshake, labelled with its role so that one
 * side's proof can never be replayed as the other's. Thread-safe.
 */
final class PeerAuthenticator {

    /** The shortest secret accepted, in UTF-8 bytes. */
    static final int MIN_SECRET_BYTES = 16;

    private static final String ALGORITHM = "HmacSHA256";
    private static final String LABEL = "quire-replication/" + FrameCodec.PROTOCOL_VERSION;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    PeerAuthenticator(byte[] secret) {
        this.key = new SecretKeySpec(secret, ALGORITHM);
    }

    /** What both sides said in the handshake, which both proofs cover. */
    record Transcript(String clusterId, int followerId, byte[] followerNonce, int leaderId, long epoch,
            byte[] leaderNonce) {}

    /** A fresh 32-byte nonce. */
    byte[] nonce() {
        byte[] nonce = new byte[FrameCodec.NONCE_BYTES];
        random.nextBytes(nonce);
        return nonce;
    }

    /** The follower's proof; it also binds the position and broker the follower states. */
    byte[] followerProof(Transcript transcript, LogPosition position, BrokerInfo broker) {
        return mac(out -> {
            write(out, "follower", transcript);
            out.writeLong(position.lastEpoch());
            out.writeLong(position.endOffset());
            out.writeLong(position.lastEpochStart());
            out.writeInt(broker.id());
            out.writeUTF(broker.host());
            out.writeInt(broker.port());
            out.writeBoolean(broker.rack() != null);
            out.writeUTF(broker.rack() == null ? "" : broker.rack());
        });
    }

    byte[] leaderProof(Transcript transcript) {
        return mac(out -> write(out, "leader", transcript));
    }

    /** Compares in constant time, so that timing tells nothing about how much of a proof matched. */
    static boolean matches(byte[] expected, byte[] received) {
        return MessageDigest.isEqual(expected, received);
    }

    private static void write(DataOutputStream out, String role, Transcript transcript) throws IOException {
        out.writeUTF(LABEL);
        out.writeUTF(role);
        out.writeUTF(transcript.clusterId());
        out.writeInt(transcript.followerId());
        out.write(transcript.followerNonce());
        out.writeInt(transcript.leaderId());
        out.writeLong(transcript.epoch());
        out.write(transcript.leaderNonce());
    }

    private interface Fields {
        void writeTo(DataOutputStream out) throws IOException;
    }

    private byte[] mac(Fields fields) {
        // Every field has a fixed size or a length prefix (writeUTF), so distinct transcripts
        // never serialize to the same bytes.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            fields.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(bytes.toByteArray());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
