package io.quire.replication.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.quire.api.metadata.BrokerInfo;
import io.quire.replication.tcp.Frame.Ack;
import io.quire.replication.tcp.Frame.Challenge;
import io.quire.replication.tcp.Frame.Hello;
import io.quire.replication.tcp.Frame.Proof;
import io.quire.replication.tcp.Frame.Records;
import io.quire.replication.tcp.Frame.Refuse;
import io.quire.replication.tcp.Frame.Resend;
import io.quire.replication.tcp.Frame.Resume;
import io.quire.replication.tcp.Frame.SnapshotBegin;
import io.quire.replication.tcp.Frame.SnapshotChunk;
import io.quire.replication.tcp.Frame.SnapshotEnd;
import io.quire.replication.tcp.Frame.Truncate;
import io.quire.replication.tcp.Frame.Welcome;
import io.quire.spi.replication.LogPosition;
import io.quire.spi.replication.ReplicatedRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes the body of each frame: a type byte, then the frame's fields, big-endian.
 * The 4-byte length prefix is {@link FrameDecoder}'s and {@link FrameEncoder}'s business.
 * Decoding validates every field; see {@code PROTOCOL.md} for the layouts.
 */
final class FrameCodec {

    /** The protocol version this node speaks; a HELLO with another is refused. */
    static final int PROTOCOL_VERSION = 2;
    static final int NONCE_BYTES = 32;
    static final int MAC_BYTES = 32;
    /** Text fields (cluster id, host, rack, topic, reason) are at most this long in UTF-8. */
    static final int MAX_TEXT_BYTES = 1024;
    /** Large enough for any handshake frame; an unauthenticated peer can make a node buffer no more. */
    static final int HANDSHAKE_MAX_FRAME_BYTES = 8192;
    /** What a RECORDS frame takes besides its records: the type and the count. */
    static final int RECORDS_OVERHEAD = 1 + Integer.BYTES;
    /** What a SNAPSHOT_CHUNK frame takes besides its bytes: the type. */
    static final int SNAPSHOT_CHUNK_OVERHEAD = 1;

    private static final byte HELLO = 1;
    private static final byte CHALLENGE = 2;
    private static final byte PROOF = 3;
    private static final byte WELCOME = 4;
    private static final byte REFUSE = 5;
    private static final byte TRUNCATE = 6;
    private static final byte RECORDS = 7;
    private static final byte ACK = 8;
    private static final byte RESEND = 9;
    private static final byte RESUME = 10;
    private static final byte SNAPSHOT_BEGIN = 11;
    private static final byte SNAPSHOT_CHUNK = 12;
    private static final byte SNAPSHOT_END = 13;

    /** The smallest encoded record: a 1-byte topic and an empty payload; bounds a claimed count. */
    private static final int MIN_RECORD_BYTES = Short.BYTES + 1 + Integer.BYTES + 3 * Long.BYTES + Integer.BYTES;

    private FrameCodec() {}

    /** The bytes {@code record} takes in a RECORDS frame. */
    static int recordBytes(ReplicatedRecord record) {
        return Short.BYTES + ByteBufUtil.utf8Bytes(record.topic()) + Integer.BYTES + 3 * Long.BYTES
                + Integer.BYTES + record.payload().length;
    }

    /** Writes the frame's type and fields. */
    static void encode(Frame frame, ByteBuf out) {
        if (frame instanceof Hello hello) {
            out.writeByte(HELLO).writeShort(hello.version());
            writeText(out, hello.clusterId());
            out.writeInt(hello.followerId()).writeBytes(hello.nonce());
        } else if (frame instanceof Challenge challenge) {
            out.writeByte(CHALLENGE).writeInt(challenge.leaderId()).writeLong(challenge.epoch())
                    .writeBytes(challenge.nonce());
        } else if (frame instanceof Proof proof) {
            out.writeByte(PROOF).writeBytes(proof.mac())
                    .writeLong(proof.position().lastEpoch()).writeLong(proof.position().endOffset())
                    .writeLong(proof.position().lastEpochStart());
            writeBroker(out, proof.broker());
        } else if (frame instanceof Welcome welcome) {
            out.writeByte(WELCOME).writeBytes(welcome.mac());
        } else if (frame instanceof Refuse refuse) {
            out.writeByte(REFUSE);
            writeText(out, refuse.reason());
        } else if (frame instanceof Truncate truncate) {
            out.writeByte(TRUNCATE).writeLong(truncate.offset());
        } else if (frame instanceof Records records) {
            out.writeByte(RECORDS).writeInt(records.records().size());
            for (ReplicatedRecord record : records.records()) {
                writeText(out, record.topic());
                out.writeInt(record.partition()).writeLong(record.epoch()).writeLong(record.offset())
                        .writeLong(record.leaderHighWatermark())
                        .writeInt(record.payload().length).writeBytes(record.payload());
            }
        } else if (frame instanceof Ack ack) {
            out.writeByte(ACK).writeLong(ack.endOffset());
        } else if (frame instanceof Resend resend) {
            out.writeByte(RESEND).writeLong(resend.fromOffset());
        } else if (frame instanceof Resume resume) {
            out.writeByte(RESUME).writeLong(resume.fromOffset());
        } else if (frame instanceof SnapshotBegin begin) {
            out.writeByte(SNAPSHOT_BEGIN).writeLong(begin.endOffset()).writeLong(begin.epoch());
        } else if (frame instanceof SnapshotChunk chunk) {
            out.writeByte(SNAPSHOT_CHUNK).writeBytes(chunk.data());
        } else if (frame instanceof SnapshotEnd end) {
            out.writeByte(SNAPSHOT_END).writeLong(end.totalBytes()).writeInt(end.crc32c());
        } else {
            throw new IllegalArgumentException("unknown frame " + frame);
        }
    }

    /**
     * Decodes one whole frame (without its length prefix).
     *
     * @throws ProtocolException when the type is unknown, a field is out of range or missing, or
     *     bytes are left over
     */
    static Frame decode(ByteBuf body) throws ProtocolException {
        if (!body.isReadable()) {
            throw new ProtocolException("empty frame");
        }
        byte type = body.readByte();
        FrameReader in = new FrameReader(body, typeName(type));
        Frame frame = switch (type) {
            case HELLO -> hello(in);
            case CHALLENGE -> new Challenge(in.int32("leader id", 0), in.int64("epoch", 0),
                    in.fixed("nonce", NONCE_BYTES));
            case PROOF -> new Proof(in.fixed("mac", MAC_BYTES), position(in), broker(in));
            case WELCOME -> new Welcome(in.fixed("mac", MAC_BYTES));
            case REFUSE -> new Refuse(in.text("reason", MAX_TEXT_BYTES));
            case TRUNCATE -> new Truncate(in.int64("offset", 0));
            case RECORDS -> records(in);
            case ACK -> new Ack(in.int64("end offset", 0));
            case RESEND -> new Resend(in.int64("offset", 0));
            case RESUME -> new Resume(in.int64("offset", 0));
            case SNAPSHOT_BEGIN -> new SnapshotBegin(in.int64("end offset", 0), in.int64("epoch", 0));
            case SNAPSHOT_CHUNK -> new SnapshotChunk(in.rest("data"));
            case SNAPSHOT_END -> new SnapshotEnd(in.int64("total bytes", 0), in.int32("crc32c"));
            default -> throw new ProtocolException("unknown frame type " + type);
        };
        in.end();
        return frame;
    }

    private static Hello hello(FrameReader in) throws ProtocolException {
        // The version comes first, so that a peer of another version gets a clear refusal.
        int version = in.uint16("version");
        if (version != PROTOCOL_VERSION) {
            throw new ProtocolException("unsupported protocol version " + version + " (this node speaks "
                    + PROTOCOL_VERSION + ")");
        }
        return new Hello(version, in.text("cluster id", MAX_TEXT_BYTES), in.int32("follower id", 0),
                in.fixed("nonce", NONCE_BYTES));
    }

    private static LogPosition position(FrameReader in) throws ProtocolException {
        long lastEpoch = in.int64("last epoch", -1);
        long endOffset = in.int64("end offset", 0);
        long lastEpochStart = in.int64("last epoch start", 0);
        if (lastEpochStart > endOffset) {
            throw new ProtocolException("PROOF: last epoch start " + lastEpochStart + " is past end offset "
                    + endOffset);
        }
        return new LogPosition(lastEpoch, endOffset, lastEpochStart);
    }

    private static BrokerInfo broker(FrameReader in) throws ProtocolException {
        int id = in.int32("broker id", 0);
        String host = in.text("broker host", MAX_TEXT_BYTES);
        int port = in.uint16("broker port");
        String rack = in.flag("broker rack flag") ? in.text("broker rack", MAX_TEXT_BYTES) : null;
        return new BrokerInfo(id, host, port, rack);
    }

    private static Records records(FrameReader in) throws ProtocolException {
        int count = in.int32("record count", 1);
        if (count > in.remaining() / MIN_RECORD_BYTES) {
            throw in.invalid("record count", count + " records cannot fit in " + in.remaining() + " bytes");
        }
        List<ReplicatedRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String topic = in.text("topic", MAX_TEXT_BYTES);
            int partition = in.int32("partition", 0);
            long epoch = in.int64("epoch", 0);
            long offset = in.int64("offset", 0);
            if (i > 0 && offset != records.get(i - 1).offset() + 1) {
                throw in.invalid("offset", offset + " does not follow " + records.get(i - 1).offset());
            }
            long highWatermark = in.int64("high watermark", 0);
            records.add(new ReplicatedRecord(topic, partition, epoch, offset, highWatermark, in.bytes("payload")));
        }
        return new Records(List.copyOf(records));
    }

    private static void writeText(ByteBuf out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0 || bytes.length > MAX_TEXT_BYTES) {
            throw new IllegalArgumentException("text of " + bytes.length + " bytes is not in 1.." + MAX_TEXT_BYTES);
        }
        out.writeShort(bytes.length).writeBytes(bytes);
    }

    private static void writeBroker(ByteBuf out, BrokerInfo broker) {
        out.writeInt(broker.id());
        writeText(out, broker.host());
        out.writeShort(broker.port());
        out.writeBoolean(broker.rack() != null);
        if (broker.rack() != null) {
            writeText(out, broker.rack());
        }
    }

    private static String typeName(byte type) {
        return switch (type) {
            case HELLO -> "HELLO";
            case CHALLENGE -> "CHALLENGE";
            case PROOF -> "PROOF";
            case WELCOME -> "WELCOME";
            case REFUSE -> "REFUSE";
            case TRUNCATE -> "TRUNCATE";
            case RECORDS -> "RECORDS";
            case ACK -> "ACK";
            case RESEND -> "RESEND";
            case RESUME -> "RESUME";
            case SNAPSHOT_BEGIN -> "SNAPSHOT_BEGIN";
            case SNAPSHOT_CHUNK -> "SNAPSHOT_CHUNK";
            case SNAPSHOT_END -> "SNAPSHOT_END";
            default -> "type-" + type;
        };
    }
}
