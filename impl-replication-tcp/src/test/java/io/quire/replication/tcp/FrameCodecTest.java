package io.quire.replication.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
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
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FrameCodecTest {

    private static final byte[] NONCE = bytes(32, 7);

    static Stream<Frame> everyFrame() {
        return Stream.of(
                new Hello(FrameCodec.PROTOCOL_VERSION, "quire", 2, NONCE),
                new Challenge(1, 42, NONCE),
                new Proof(bytes(32, 9), new LogPosition(-1, 0, 0), new BrokerInfo(2, "broker-2", 9092, null)),
                new Proof(bytes(32, 9), new LogPosition(3, 1234, 1200), new BrokerInfo(2, "broker-2", 9092, "rack-ä")),
                new Welcome(bytes(32, 1)),
                new Refuse("not the leader"),
                new Truncate(10),
                new Records(List.of(record(5, new byte[0]), record(6, bytes(1000, 3)))),
                new Ack(7),
                new Resend(8),
                new Resume(8),
                new SnapshotBegin(5000, 3),
                new SnapshotChunk(bytes(4096, 5)),
                new SnapshotEnd(6 << 20, 0xCAFEBABE));
    }

    @ParameterizedTest
    @MethodSource("everyFrame")
    void everyFrameSurvivesTheRoundTrip(Frame frame) throws ProtocolException {
        assertThat(decode(encode(frame))).usingRecursiveComparison().isEqualTo(frame);
    }

    @Test
    void recordBytesIsWhatARecordTakesInAFrame() {
        ReplicatedRecord record = record(5, bytes(77, 1));
        assertThat(encode(new Records(List.of(record))).readableBytes())
                .isEqualTo(FrameCodec.RECORDS_OVERHEAD + FrameCodec.recordBytes(record));
    }

    @ParameterizedTest
    @MethodSource("everyFrame")
    void everyTruncatedFrameIsRefused(Frame frame) {
        if (frame instanceof SnapshotChunk) {
            return; // a chunk is the rest of its frame, whatever its length
        }
        ByteBuf whole = encode(frame);
        for (int length = 0; length < whole.readableBytes(); length++) {
            ByteBuf cut = whole.slice(0, length);
            assertThatThrownBy(() -> FrameCodec.decode(cut)).isInstanceOf(ProtocolException.class);
        }
    }

    @ParameterizedTest
    @MethodSource("everyFrame")
    void trailingBytesAreRefused(Frame frame) {
        if (frame instanceof SnapshotChunk) {
            return; // a chunk is the rest of its frame
        }
        ByteBuf longer = Unpooled.buffer().writeBytes(encode(frame)).writeByte(0);
        assertThatThrownBy(() -> FrameCodec.decode(longer))
                .isInstanceOf(ProtocolException.class)
                .hasMessageEndingWith("frame has 1 unexpected trailing bytes");
    }

    @Test
    void refusesUnknownTypesAndVersions() {
        assertThatThrownBy(() -> FrameCodec.decode(Unpooled.wrappedBuffer(new byte[] {99})))
                .hasMessage("unknown frame type 99");
        assertThatThrownBy(() -> decode(encode(new Hello(1, "quire", 2, NONCE))))
                .hasMessage("unsupported protocol version 1 (this node speaks 2)");
    }

    @Test
    void refusesFieldsOutOfRange() {
        assertThatThrownBy(() -> decode(encode(new Truncate(-1))))
                .hasMessage("TRUNCATE frame has an invalid offset: -1 is below 0");
        assertThatThrownBy(() -> decode(encode(new Hello(FrameCodec.PROTOCOL_VERSION, "quire", -3, NONCE))))
                .hasMessage("HELLO frame has an invalid follower id: -3 is below 0");
        assertThatThrownBy(() -> decode(encode(new Records(List.of(record(5, new byte[0]), record(7, new byte[0]))))))
                .hasMessage("RECORDS frame has an invalid offset: 7 does not follow 5");
    }

    @Test
    void refusesTextThatIsNotCleanUtf8() {
        ByteBuf invalid = Unpooled.buffer().writeByte(5).writeShort(2).writeByte(0xC3).writeByte(0x28);
        assertThatThrownBy(() -> FrameCodec.decode(invalid)).hasMessage("REFUSE frame has an invalid reason: it is not valid UTF-8");
        assertThatThrownBy(() -> decode(encode(new Refuse("line\r\nbreak"))))
                .hasMessage("REFUSE frame has an invalid reason: it contains control characters");
    }

    @Test
    void neverTrustsAClaimedLength() {
        ByteBuf hugeCount = Unpooled.buffer().writeByte(7).writeInt(Integer.MAX_VALUE).writeZero(64);
        assertThatThrownBy(() -> FrameCodec.decode(hugeCount))
                .hasMessage("RECORDS frame has an invalid record count: 2147483647 records cannot fit in 64 bytes");

        ByteBuf hugePayload = encode(new Records(List.of(record(0, new byte[0]))));
        hugePayload.setInt(hugePayload.writerIndex() - Integer.BYTES, Integer.MAX_VALUE);
        assertThatThrownBy(() -> FrameCodec.decode(hugePayload))
                .hasMessage("RECORDS frame is truncated: payload needs 2147483647 bytes, 0 left");
    }

    @Test
    void longRefusalsAreCutToFit() throws ProtocolException {
        Refuse refuse = new Refuse("x".repeat(5000));
        assertThat(((Refuse) decode(encode(refuse))).reason()).hasSize(Refuse.MAX_REASON_CHARS);
    }

    private static ReplicatedRecord record(long offset, byte[] payload) {
        return new ReplicatedRecord(ReplicatedRecord.METADATA_TOPIC, 0, 2, offset, 100, payload);
    }

    private static ByteBuf encode(Frame frame) {
        ByteBuf out = Unpooled.buffer();
        FrameCodec.encode(frame, out);
        return out;
    }

    private static Frame decode(ByteBuf in) throws ProtocolException {
        return FrameCodec.decode(in);
    }

    private static byte[] bytes(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (seed * 31 + i);
        }
        return bytes;
    }
}
