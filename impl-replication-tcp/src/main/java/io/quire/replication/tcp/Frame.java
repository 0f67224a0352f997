package io.quire.replication.tcp;

import io.quire.api.metadata.BrokerInfo;
import io.quire.spi.replication.LogPosition;
import io.quire.spi.replication.ReplicatedRecord;
import java.util.List;

/**
 * The frames of the replication protocol, one record per frame type; {@link FrameCodec} puts them
 * on the wire and the module's {@code PROTOCOL.md} describes each.
 */
sealed interface Frame {

    /** Follower -> leader: opens the handshake. */
    record Hello(int version, String clusterId, int followerId, byte[] nonce) implements Frame {}

    /** Leader -> follower: who leads, in which epoch, and the leader's nonce. */
    record Challenge(int leaderId, long epoch, byte[] nonce) implements Frame {}

    /** Follower -> leader: the follower's proof of the secret, binding its position and broker. */
    record Proof(byte[] mac, LogPosition position, BrokerInfo broker) implements Frame {}

    /** Leader -> follower: the leader's proof of the secret; the stream follows. */
    record Welcome(byte[] mac) implements Frame {}

    /** Either way during the handshake: why the connection is refused, just before it closes. */
    record Refuse(String reason) implements Frame {

        /** Long reasons are cut so that they always fit the frame's text field. */
        static final int MAX_REASON_CHARS = 256;

        public Refuse {
            if (reason.length() > MAX_REASON_CHARS) {
                int end = Character.isHighSurrogate(reason.charAt(MAX_REASON_CHARS - 1))
                        ? MAX_REASON_CHARS - 1 : MAX_REASON_CHARS;
                reason = reason.substring(0, end);
            }
        }
    }

    /** Leader -> follower: discard records at and above {@code offset} first. */
    record Truncate(long offset) implements Frame {}

    /** Leader -> follower: consecutive records, oldest first; acknowledged with one ACK. */
    record Records(List<ReplicatedRecord> records) implements Frame {

        /** One past the last record: what the follower acknowledges. */
        long endOffset() {
            return records.get(records.size() - 1).offset() + 1;
        }
    }

    /** Follower -> leader: every record below {@code endOffset} is durable. */
    record Ack(long endOffset) implements Frame {}

    /** Follower -> leader: a record was not the next one expected; send again from {@code fromOffset}. */
    record Resend(long fromOffset) implements Frame {}

    /** Leader -> follower: answers a RESEND; what follows starts at {@code fromOffset}. */
    record Resume(long fromOffset) implements Frame {}

    /** Leader -> follower: a snapshot covering every record below {@code endOffset} follows. */
    record SnapshotBegin(long endOffset, long epoch) implements Frame {}

    /** Leader -> follower: the next bytes of the snapshot. */
    record SnapshotChunk(byte[] data) implements Frame {}

    /** Leader -> follower: the snapshot is complete; its length and CRC32C, to check it. */
    record SnapshotEnd(long totalBytes, int crc32c) implements Frame {}

    /** The frame type's name, for log lines. */
    default String name() {
        return getClass().getSimpleName();
    }
}
