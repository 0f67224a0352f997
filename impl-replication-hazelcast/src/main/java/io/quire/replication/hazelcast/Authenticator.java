package io.quire.replication.hazelcast;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies replication messages with HMAC-SHA256 keyed by the shared secret. A signed
 * message is {@code body | mac}, the MAC covering a domain label, the cluster id and the body.
 */
class Authenticator {

    static final int MIN_SECRET_BYTES = 16;
    static final int MAC_BYTES = 32;
    private static final byte[] LABEL = "quire-replication-hazelcast/1".getBytes(StandardCharsets.UTF_8);

    private final SecretKeySpec key;
    private volatile byte[] clusterId = new byte[0];

    Authenticator(byte[] secret) {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("secret shorter than " + MIN_SECRET_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    /** Binds every MAC to the cluster id, so that nodes of different clusters never accept each other's data. */
    void bindCluster(String id) {
        this.clusterId = id.getBytes(StandardCharsets.UTF_8);
    }

    byte[] sign(byte[] body) {
        byte[] mac = mac(body, body.length);
        byte[] signed = Arrays.copyOf(body, body.length + MAC_BYTES);
        System.arraycopy(mac, 0, signed, body.length, MAC_BYTES);
        return signed;
    }

    /** The body of {@code signed}, or {@code null} when its MAC does not verify. */
    byte[] verify(byte[] signed) {
        if (signed == null || signed.length < MAC_BYTES) {
            return null;
        }
        int bodyLength = signed.length - MAC_BYTES;
        byte[] expected = mac(signed, bodyLength);
        byte[] actual = Arrays.copyOfRange(signed, bodyLength, signed.length);
        return MessageDigest.isEqual(expected, actual) ? Arrays.copyOf(signed, bodyLength) : null;
    }

    private byte[] mac(byte[] body, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(LABEL);
            byte[] cluster = clusterId;
            mac.update(new byte[] {(byte) (cluster.length >>> 8), (byte) cluster.length});
            mac.update(cluster);
            mac.update(body, 0, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
