package io.quire.replication.hazelcast;

import io.quire.api.metadata.BrokerInfo;
import io.quire.spi.replication.LogPosition;
import io.quire.spi.replication.ReplicatedRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The replication messages and their binary layout (big-endian, {@link DataOutputStream}). Every
 * message travels signed ({@link Authenticator}); decoding happens only after the MAC verified,
 * and still checks every length against what is left.
 */
final class Messages {

    static final byte BATCH = 1;
    static final byte FETCH = 2;
    static final byte FETCH_ANSWER = 3;
    static final byte ACK = 4;

    private static final int MAX_TEXT = 1024;

    private Messages() {}

    /** A batch of consecutive records the leader of {@code epoch} published into the epoch's ring. */
    record Batch(long epoch, int leaderId, List<ReplicatedRecord> records) {
        long firstOffset() {
            return records.get(0).offset();
        }

        long endOffset() {
            return records.get(records.size() - 1).offset() + 1;
        }
    }

    /** A follower asks the leader of {@code epoch} for records from {@code position}. */
    record Fetch(int followerId, long epoch, long session, byte[] nonce, LogPosition position, BrokerInfo broker) {}

    /** Status of a fetch answer. */
    static final byte OK = 0;
    static final byte NOT_LEADER = 1;

    /**
     * The leader's answer: truncate first when {@code truncateTo >= 0}, then install the snapshot
     * when present, then apply {@code records}; continue in the ring at {@code ringSequence}, or
     * fetch again when it is -1.
     */
    record FetchAnswer(byte status, int leaderId, long epoch, byte[] nonce, long truncateTo, Snap snapshot,
            List<ReplicatedRecord> records, long ringSequence) {}

    /** A snapshot carried in a fetch answer. */
    record Snap(long endOffset, long epoch, byte[] data) {}

    /** A follower has made every record below {@code endOffset} durable. */
    record Ack(int followerId, long epoch, long session, long endOffset) {}

    // ---- encoding

    static byte[] encode(Batch batch) {
        return write(out -> {
            out.writeByte(BATCH);
            out.writeLong(batch.epoch());
            out.writeInt(batch.leaderId());
            writeRecords(out, batch.records());
        });
    }

    static byte[] encode(Fetch fetch) {
        return write(out -> {
            out.writeByte(FETCH);
            out.writeInt(fetch.followerId());
            out.writeLong(fetch.epoch());
            out.writeLong(fetch.session());
            writeBytes(out, fetch.nonce());
            out.writeLong(fetch.position().lastEpoch());
            out.writeLong(fetch.position().endOffset());
            out.writeLong(fetch.position().lastEpochStart());
            BrokerInfo broker = fetch.broker();
            out.writeInt(broker.id());
            out.writeUTF(broker.host());
            out.writeInt(broker.port());
            out.writeBoolean(broker.rack() != null);
            if (broker.rack() != null) {
                out.writeUTF(broker.rack());
            }
        });
    }

    static byte[] encode(FetchAnswer answer) {
        return write(out -> {
            out.writeByte(FETCH_ANSWER);
            out.writeByte(answer.status());
            out.writeInt(answer.leaderId());
            out.writeLong(answer.epoch());
            writeBytes(out, answer.nonce());
            out.writeLong(answer.truncateTo());
            out.writeBoolean(answer.snapshot() != null);
            if (answer.snapshot() != null) {
                out.writeLong(answer.snapshot().endOffset());
                out.writeLong(answer.snapshot().epoch());
                writeBytes(out, answer.snapshot().data());
            }
            writeRecords(out, answer.records());
            out.writeLong(answer.ringSequence());
        });
    }

    static byte[] encode(Ack ack) {
        return write(out -> {
            out.writeByte(ACK);
            out.writeInt(ack.followerId());
            out.writeLong(ack.epoch());
            out.writeLong(ack.session());
            out.writeLong(ack.endOffset());
        });
    }

    // ---- decoding (of verified bodies)

    /** The type byte of a verified body. */
    static byte type(byte[] body) {
        if (body.length == 0) {
            throw new IllegalArgumentException("empty message");
        }
        return body[0];
    }

    static Batch decodeBatch(byte[] body) throws IOException {
        Batch batch = decode(body, BATCH, "batch", in -> new Batch(in.readLong(), in.readInt(), readRecords(in)));
        if (batch.records().isEmpty()) {
            throw new IOException("empty batch");
        }
        return batch;
    }

    static Fetch decodeFetch(byte[] body) throws IOException {
        return decode(body, FETCH, "fetch", in -> {
            int followerId = in.readInt();
            long epoch = in.readLong();
            long session = in.readLong();
            byte[] nonce = readBytes(in);
            long lastEpoch = in.readLong();
            long endOffset = in.readLong();
            long lastEpochStart = in.readLong();
            if (endOffset < 0 || lastEpochStart < 0 || lastEpochStart > endOffset) {
                throw new IOException("fetch states an impossible log position: ends at " + endOffset
                        + ", last epoch starts at " + lastEpochStart);
            }
            LogPosition position = new LogPosition(lastEpoch, endOffset, lastEpochStart);
            int brokerId = in.readInt();
            String host = readText(in);
            int port = in.readInt();
            String rack = in.readBoolean() ? readText(in) : null;
            if (port < 0 || port > 65535) {
                throw new IOException("fetch states broker port " + port + ", not in 0..65535");
            }
            return new Fetch(followerId, epoch, session, nonce, position, new BrokerInfo(brokerId, host, port, rack));
        });
    }

    static FetchAnswer decodeFetchAnswer(byte[] body) throws IOException {
        return decode(body, FETCH_ANSWER, "fetch answer", in -> {
            byte status = in.readByte();
            int leaderId = in.readInt();
            long epoch = in.readLong();
            byte[] nonce = readBytes(in);
            long truncateTo = in.readLong();
            Snap snap = in.readBoolean() ? new Snap(in.readLong(), in.readLong(), readBytes(in)) : null;
            List<ReplicatedRecord> records = readRecords(in);
            long ringSequence = in.readLong();
            return new FetchAnswer(status, leaderId, epoch, nonce, truncateTo, snap, records, ringSequence);
        });
    }

    static Ack decodeAck(byte[] body) throws IOException {
        return decode(body, ACK, "ack", in -> new Ack(in.readInt(), in.readLong(), in.readLong(), in.readLong()));
    }

    // ---- helpers

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<M> {
        M read(DataInputStream in) throws IOException;
    }

    /**
     * Reads a whole body of {@code type}: nothing may be left over, and a body that ends early
     * fails naming the message, rather than with DataInputStream's EOFException without a message.
     */
    private static <M> M decode(byte[] body, byte type, String name, Reader<M> reader) throws IOException {
        DataInputStream in = open(body, type);
        M message;
        try {
            message = reader.read(in);
        } catch (EOFException e) {
            throw new IOException(name + " message is truncated", e);
        }
        done(in);
        return message;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeRecords(DataOutputStream out, List<ReplicatedRecord> records) throws IOException {
        out.writeInt(records.size());
        for (ReplicatedRecord r : records) {
            out.writeUTF(r.topic());
            out.writeInt(r.partition());
            out.writeLong(r.epoch());
            out.writeLong(r.offset());
            out.writeLong(r.leaderHighWatermark());
            writeBytes(out, r.payload());
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static DataInputStream open(byte[] body, byte type) throws IOException {
        if (body.length == 0) {
            throw new IOException("empty message");
        }
        if (body[0] != type) {
            throw new IOException("expected message type " + type + ", got " + body[0]);
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
        in.readByte();
        return in;
    }

    private static void done(DataInputStream in) throws IOException {
        if (in.available() != 0) {
            throw new IOException(in.available() + " bytes left over");
        }
    }

    private static List<ReplicatedRecord> readRecords(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > in.available()) {
            throw new IOException("record count " + count + " out of range");
        }
        List<ReplicatedRecord> records = new ArrayList<>(count);
        long previous = -1;
        for (int i = 0; i < count; i++) {
            ReplicatedRecord r = new ReplicatedRecord(readText(in), in.readInt(), in.readLong(), in.readLong(),
                    in.readLong(), readBytes(in));
            if (r.offset() < 0 || (i > 0 && r.offset() != previous + 1)) {
                throw new IOException("offsets not consecutive at " + r.offset());
            }
            previous = r.offset();
            records.add(r);
        }
        return records;
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("length " + length + " out of range");
        }
        return in.readNBytes(length);
    }

    private static String readText(DataInputStream in) throws IOException {
        String text = in.readUTF();
        if (text.length() > MAX_TEXT) {
            throw new IOException("text too long");
        }
        return text;
    }
}
