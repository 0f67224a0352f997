package io.quire.core.engine;

import io.quire.core.snapshot.SnapshotStore;
import io.quire.core.status.NodeStatus;
import io.quire.core.status.Progress;
import io.quire.core.status.QuorumState;
import io.quire.core.status.Role;
import io.quire.spi.replication.LogPosition;
import io.quire.spi.replication.ReplicatedRecord;
import io.quire.spi.wal.WalOffsetOutOfRangeException;
import io.quire.spi.wal.WalRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one engine asks another about its log through {@link io.quire.spi.consensus.Consensus#ask}
 * (a new leader catching up), and the answers: the encoding on both sides, and the answering.
 *
 * <p>Questions: {@code POSITION}; {@code EPOCH_END epoch} (the newest epoch at or below it that the
 * log holds, and where that epoch ends: KIP-101's OffsetsForLeaderEpoch); {@code READ from max};
 * {@code SNAPSHOT endOffset position} (a chunk of a state-machine snapshot, the newest when
 * {@code endOffset} is -1), for when the WAL no longer holds what the asker lacks; and about the
 * node as a whole, which every engine answers, with a WAL or without: {@code STATUS} (its
 * {@link NodeStatus}) and {@code QUORUM} (the leader's {@link QuorumState}, for DescribeQuorum).
 */
final class LogQuestions {

    /** The most records one READ answer carries. */
    static final int MAX_RECORDS = 512;
    /** The most payload bytes one READ answer carries (at least one record is always sent). */
    static final int MAX_ANSWER_BYTES = 1 << 20;

    private static final byte POSITION = 1;
    private static final byte EPOCH_END = 2;
    private static final byte READ = 3;
    private static final byte SNAPSHOT = 4;
    private static final byte STATUS = 5;
    private static final byte QUORUM = 6;
    /** The most snapshot bytes one answer carries. */
    static final int SNAPSHOT_CHUNK_BYTES = 1 << 20;
    private static final byte RECORDS = 0;
    private static final byte OUT_OF_RANGE = 1;

    private LogQuestions() {}

    /** Where an epoch ends in a log: one past its last record, and the epoch actually found. */
    record EpochEnd(long epoch, long endOffset) {}

    /** Records from a log, or the log's start when it no longer holds the offset asked for. */
    record Records(List<ReplicatedRecord> records, long logStart) {
        boolean outOfRange() {
            return logStart >= 0;
        }
    }

    /** A chunk of the snapshot of the records below {@code endOffset} (of epoch {@code epoch}), {@code size} bytes in all. */
    record SnapshotChunk(long endOffset, long epoch, long size, byte[] bytes) {}

    static byte[] askSnapshot(long endOffset, long position) {
        return encode(out -> {
            out.writeByte(SNAPSHOT);
            out.writeLong(endOffset);
            out.writeLong(position);
        });
    }

    static byte[] askStatus() {
        return encode(out -> out.writeByte(STATUS));
    }

    static byte[] askQuorum() {
        return encode(out -> out.writeByte(QUORUM));
    }

    static byte[] askPosition() {
        return encode(out -> out.writeByte(POSITION));
    }

    static byte[] askEpochEnd(long epoch) {
        return encode(out -> {
            out.writeByte(EPOCH_END);
            out.writeLong(epoch);
        });
    }

    static byte[] askRead(long fromOffset, int maxRecords) {
        return encode(out -> {
            out.writeByte(READ);
            out.writeLong(fromOffset);
            out.writeInt(maxRecords);
        });
    }

    /** Answers {@code question} from {@code engine}'s log. */
    static byte[] answer(MetadataEngine engine, byte[] question) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(question));
        byte kind = in.readByte();
        if (kind == STATUS) {
            return encode(out -> writeStatus(out, engine.status()));
        }
        if (kind == QUORUM) {
            Optional<QuorumState> quorum = engine.reports().localQuorumState();
            return encode(out -> {
                out.writeBoolean(quorum.isPresent());
                if (quorum.isPresent()) {
                    writeQuorum(out, quorum.get());
                }
            });
        }
        if (!engine.hasWal()) {
            throw new IOException("node " + engine.nodeId() + " has no metadata WAL to answer questions about");
        }
        return switch (kind) {
            case POSITION -> {
                LogPosition position = engine.logPosition();
                yield encode(out -> {
                    out.writeLong(position.lastEpoch());
                    out.writeLong(position.endOffset());
                    out.writeLong(position.lastEpochStart());
                });
            }
            case EPOCH_END -> {
                EpochEnd end = engine.epochEnd(in.readLong());
                yield encode(out -> {
                    out.writeLong(end.epoch());
                    out.writeLong(end.endOffset());
                });
            }
            case READ -> {
                long from = in.readLong();
                int max = in.readInt();
                if (from < 0 || max < 1) {
                    throw new IOException("malformed READ question: from " + from + ", max " + max);
                }
                yield readAnswer(engine, from, Math.min(max, MAX_RECORDS));
            }
            case SNAPSHOT -> snapshotAnswer(engine, in.readLong(), in.readLong());
            default -> throw new IOException("unknown question kind " + kind);
        };
    }

    static LogPosition position(byte[] answer) {
        return decode(answer, in -> new LogPosition(in.readLong(), in.readLong(), in.readLong()));
    }

    static EpochEnd epochEnd(byte[] answer) {
        return decode(answer, in -> new EpochEnd(in.readLong(), in.readLong()));
    }

    static Records records(byte[] answer) {
        return decode(answer, in -> {
            if (in.readByte() == OUT_OF_RANGE) {
                return new Records(List.of(), in.readLong());
            }
            int count = in.readInt();
            List<ReplicatedRecord> records = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                long epoch = in.readLong();
                long offset = in.readLong();
                int length = in.readInt();
                if (length < 0 || length > in.available()) {
                    throw new IOException("record length " + length + " exceeds the answer");
                }
                byte[] payload = new byte[length];
                in.readFully(payload);
                records.add(new ReplicatedRecord(ReplicatedRecord.METADATA_TOPIC, 0, epoch, offset, offset + 1, payload));
            }
            return new Records(records, -1);
        });
    }

    static SnapshotChunk snapshotChunk(byte[] answer) {
        return decode(answer, in -> {
            long endOffset = in.readLong();
            long epoch = in.readLong();
            long size = in.readLong();
            int length = in.readInt();
            if (length < 0 || length > in.available()) {
                throw new IOException("snapshot chunk length " + length + " exceeds the answer");
            }
            byte[] bytes = new byte[length];
            in.readFully(bytes);
            return new SnapshotChunk(endOffset, epoch, size, bytes);
        });
    }

    private static byte[] snapshotAnswer(MetadataEngine engine, long endOffset, long position) throws IOException {
        SnapshotStore.Snapshot snapshot = endOffset < 0 ? engine.walSnapshots().newest()
                : engine.walSnapshots().find(endOffset).orElseThrow(() -> new IOException("the snapshot of offsets below "
                        + endOffset + " is no longer kept"));
        long size = Files.size(snapshot.file());
        if (position < 0 || position > size) {
            throw new IOException("malformed SNAPSHOT question: position " + position + " of " + size + " bytes");
        }
        byte[] chunk;
        try (InputStream in = snapshot.open()) {
            in.skipNBytes(position);
            chunk = in.readNBytes((int) Math.min(SNAPSHOT_CHUNK_BYTES, size - position));
        }
        return encode(out -> {
            out.writeLong(snapshot.endOffset());
            out.writeLong(snapshot.epoch());
            out.writeLong(size);
            out.writeInt(chunk.length);
            out.write(chunk);
        });
    }

    private static byte[] readAnswer(MetadataEngine engine, long from, int max) throws IOException {
        List<WalRecord> read;
        try {
            read = engine.wal().read(from, max);
        } catch (WalOffsetOutOfRangeException e) {
            long start = engine.wal().startOffset();
            return encode(out -> {
                out.writeByte(OUT_OF_RANGE);
                out.writeLong(start);
            });
        }
        List<WalRecord> sent = new ArrayList<>();
        long bytes = 0;
        for (WalRecord record : read) {
            bytes += record.payload().length;
            if (!sent.isEmpty() && bytes > MAX_ANSWER_BYTES) {
                break;
            }
            sent.add(record);
        }
        return encode(out -> {
            out.writeByte(RECORDS);
            out.writeInt(sent.size());
            for (WalRecord record : sent) {
                out.writeLong(record.epoch());
                out.writeLong(record.offset());
                out.writeInt(record.payload().length);
                out.write(record.payload());
            }
        });
    }

    static NodeStatus status(byte[] answer) {
        return decode(answer, LogQuestions::readStatus);
    }

    /** The leader's quorum view; empty when the node asked does not lead. */
    static Optional<QuorumState> quorum(byte[] answer) {
        return decode(answer, in -> in.readBoolean() ? Optional.of(readQuorum(in)) : Optional.empty());
    }

    private static void writeStatus(DataOutputStream out, NodeStatus status) throws IOException {
        out.writeInt(status.nodeId());
        out.writeUTF(status.role().name());
        out.writeLong(status.epoch());
        out.writeInt(status.leaderId());
        out.writeLong(status.endOffset());
        out.writeLong(status.appliedOffset());
        out.writeLong(status.leaderEndOffset());
        out.writeInt(status.work().size());
        for (Progress work : status.work()) {
            out.writeUTF(work.task());
            out.writeUTF(work.unit());
            out.writeLong(work.done());
            out.writeLong(work.total());
            out.writeDouble(work.perSecond());
            out.writeLong(work.secondsLeft());
        }
        out.writeBoolean(status.ready());
        out.writeUTF(status.reason());
    }

    private static NodeStatus readStatus(DataInputStream in) throws IOException {
        int nodeId = in.readInt();
        Role role = Role.valueOf(in.readUTF());
        long epoch = in.readLong();
        int leaderId = in.readInt();
        long end = in.readLong();
        long applied = in.readLong();
        long leaderEnd = in.readLong();
        int works = in.readInt();
        List<Progress> work = new ArrayList<>();
        for (int i = 0; i < works; i++) {
            work.add(new Progress(in.readUTF(), in.readUTF(), in.readLong(), in.readLong(), in.readDouble(),
                    in.readLong()));
        }
        return new NodeStatus(nodeId, role, epoch, leaderId, end, applied, leaderEnd, work, in.readBoolean(),
                in.readUTF());
    }

    private static void writeQuorum(DataOutputStream out, QuorumState quorum) throws IOException {
        out.writeInt(quorum.leaderId());
        out.writeLong(quorum.epoch());
        out.writeLong(quorum.highWatermark());
        out.writeInt(quorum.voters().size());
        for (QuorumState.Replica voter : quorum.voters()) {
            out.writeInt(voter.id());
            out.writeLong(voter.logEndOffset());
            out.writeLong(voter.lastFetchTimestamp());
            out.writeLong(voter.lastCaughtUpTimestamp());
        }
    }

    private static QuorumState readQuorum(DataInputStream in) throws IOException {
        int leaderId = in.readInt();
        long epoch = in.readLong();
        long highWatermark = in.readLong();
        int count = in.readInt();
        List<QuorumState.Replica> voters = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            voters.add(new QuorumState.Replica(in.readInt(), in.readLong(), in.readLong(), in.readLong()));
        }
        return new QuorumState(leaderId, epoch, highWatermark, voters);
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] encode(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    private static <T> T decode(byte[] answer, Reader<T> reader) {
        try {
            return reader.read(new DataInputStream(new ByteArrayInputStream(answer)));
        } catch (IOException e) {
            throw new UncheckedIOException("malformed answer to a log question (" + answer.length + " bytes)", e);
        }
    }
}
