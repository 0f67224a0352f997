package io.quire.replication.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The replication frame decoder against hostile bytes and against real frames mutated on the way:
 * it yields frames or refuses with a {@link ProtocolException}, never another exception, never an
 * Error such as an OutOfMemoryError from a length it did not check; and every frame the encoder
 * writes comes back equal.
 */
class FrameDecodingPropertyTest {

    /** The limit after authentication in these properties: large enough for any generated frame. */
    private static final int AUTHENTICATED_MAX_FRAME_BYTES = 1 << 20;

    /** Fewer tries than the default: generating frames of long texts and records is the slow part. */
    @Property(tries = 300)
    void everyFrameTheEncoderWritesDecodesBackEqualAcrossAnySplit(@ForAll("frames") List<Frame> frames,
            @ForAll @IntRange(min = 1, max = 300) int chunkBytes) {
        EmbeddedChannel receiver = authenticatedReceiver();
        byte[] wire = encode(frames);
        for (int start = 0; start < wire.length; start += chunkBytes) {
            receiver.writeInbound(Unpooled.wrappedBuffer(wire, start, Math.min(chunkBytes, wire.length - start)));
        }
        List<Object> decoded = new ArrayList<>();
        for (Object frame; (frame = receiver.readInbound()) != null; ) {
            decoded.add(frame);
        }
        assertThat(decoded).usingRecursiveComparison().isEqualTo(frames);
        receiver.finishAndReleaseAll();
    }

    @Property
    void anyFrameBodyDecodesOrIsRefusedWithAProtocolException(@ForAll("bodies") byte[] body) {
        try {
            assertThat(FrameCodec.decode(Unpooled.wrappedBuffer(body))).isNotNull();
        } catch (ProtocolException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    @Property
    void anyBytesOnAConnectionYieldFramesOrAProtocolException(@ForAll @Size(max = 2048) byte[] bytes,
            @ForAll boolean authenticated) {
        assertDecodesOrRefuses(bytes, authenticated);
    }

    @Property(tries = 300)
    void aMutatedFrameDecodesOrIsRefusedWithAProtocolException(@ForAll("frames") List<Frame> frames,
            @ForAll("mutations") List<Mutation> mutations) {
        byte[] wire = encode(frames);
        for (Mutation mutation : mutations) {
            wire = mutation.apply(wire);
        }
        assertDecodesOrRefuses(wire, true);
    }

    @Property
    void aLengthPrefixOutsideTheLimitIsRefusedFromThePrefixAlone(@ForAll("badLengths") int claimed,
            @ForAll boolean authenticated) {
        int limit = authenticated ? AUTHENTICATED_MAX_FRAME_BYTES : FrameCodec.HANDSHAKE_MAX_FRAME_BYTES;
        EmbeddedChannel receiver = authenticated ? authenticatedReceiver() : new EmbeddedChannel(new FrameDecoder());
        // Only the prefix arrives: the refusal cannot have waited for, or buffered, the bytes claimed.
        assertThatThrownBy(() -> receiver.writeInbound(Unpooled.buffer(4).writeInt(claimed)))
                .isInstanceOf(DecoderException.class)
                .cause().isInstanceOf(ProtocolException.class)
                .hasMessage("frame length " + Integer.toUnsignedString(claimed) + " is not in 1.." + limit);
        receiver.finishAndReleaseAll();
    }

    /** Feeds {@code bytes} in one read: whatever the decoder yields is a frame; whatever it throws is a refusal. */
    private static void assertDecodesOrRefuses(byte[] bytes, boolean authenticated) {
        EmbeddedChannel receiver = authenticated ? authenticatedReceiver() : new EmbeddedChannel(new FrameDecoder());
        ByteBuf read = Unpooled.buffer(bytes.length).writeBytes(bytes);
        try {
            receiver.writeInbound(read);
        } catch (DecoderException e) {
            assertThat(e.getCause()).as("what the decoder threw").isInstanceOf(ProtocolException.class);
        }
        for (Object frame; (frame = receiver.readInbound()) != null; ) {
            assertThat(frame).isInstanceOf(Frame.class);
        }
        receiver.finishAndReleaseAll();
        assertThat(read.refCnt()).as("reference count of the bytes read").isZero();
    }

    private static EmbeddedChannel authenticatedReceiver() {
        FrameDecoder decoder = new FrameDecoder();
        decoder.authenticated(AUTHENTICATED_MAX_FRAME_BYTES);
        return new EmbeddedChannel(decoder);
    }

    /** The frames as {@link FrameEncoder} puts them on the wire, prefixes included. */
    private static byte[] encode(List<Frame> frames) {
        EmbeddedChannel sender = new EmbeddedChannel(FrameEncoder.INSTANCE);
        frames.forEach(sender::writeOutbound);
        ByteBuf wire = Unpooled.buffer();
        for (Object chunk; (chunk = sender.readOutbound()) != null; ) {
            ByteBuf bytes = (ByteBuf) chunk;
            wire.writeBytes(bytes);
            bytes.release();
        }
        byte[] bytes = new byte[wire.readableBytes()];
        wire.readBytes(bytes).release();
        sender.finishAndReleaseAll();
        return bytes;
    }

    /** Random bodies, and bodies that start with a real frame type so that its fields get read. */
    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(512);
        Arbitrary<byte[]> typed = Combinators.combine(Arbitraries.bytes().between((byte) 0, (byte) 14), random)
                .as((type, rest) -> {
                    byte[] body = new byte[rest.length + 1];
                    body[0] = type;
                    System.arraycopy(rest, 0, body, 1, rest.length);
                    return body;
                });
        return Arbitraries.oneOf(random, typed);
    }

    @Provide
    Arbitrary<Integer> badLengths() {
        return Arbitraries.oneOf(
                Arbitraries.of(0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, AUTHENTICATED_MAX_FRAME_BYTES + 1),
                Arbitraries.integers().between(Integer.MIN_VALUE, 0),
                Arbitraries.integers().between(AUTHENTICATED_MAX_FRAME_BYTES + 1, Integer.MAX_VALUE));
    }

    @Provide
    Arbitrary<List<Frame>> frames() {
        return frame().list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return mutation().list().ofMinSize(1).ofMaxSize(4);
    }

    /** Something a hostile peer or a broken link does to bytes on their way. */
    private interface Mutation {
        byte[] apply(byte[] wire);
    }

    private static Arbitrary<Mutation> mutation() {
        Arbitrary<Integer> position = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        Arbitrary<Integer> hostileInt = Arbitraries.oneOf(
                Arbitraries.of(0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0xffff, 0x10000),
                Arbitraries.integers());
        Arbitrary<Mutation> truncate = position.map(at -> wire -> Arrays.copyOf(wire, at % (wire.length + 1)));
        Arbitrary<Mutation> truncateBodyKeepingItsPrefixTrue = position.map(at -> wire -> {
            if (wire.length <= FrameDecoder.LENGTH_BYTES) {
                return wire;
            }
            byte[] cut = Arrays.copyOf(wire, FrameDecoder.LENGTH_BYTES + at % (wire.length - FrameDecoder.LENGTH_BYTES));
            return Unpooled.wrappedBuffer(cut).setInt(0, cut.length - FrameDecoder.LENGTH_BYTES).array();
        });
        Arbitrary<Mutation> flipBit = position.map(at -> wire -> {
            if (wire.length == 0) {
                return wire;
            }
            byte[] flipped = wire.clone();
            flipped[at % wire.length] ^= (byte) (1 << (at % 8));
            return flipped;
        });
        // Lands on length, count and range-checked fields alike.
        Arbitrary<Mutation> overwriteInt = Combinators.combine(position, hostileInt).as((at, value) -> wire -> {
            if (wire.length < Integer.BYTES) {
                return wire;
            }
            byte[] changed = wire.clone();
            Unpooled.wrappedBuffer(changed).setInt(at % (wire.length - Integer.BYTES + 1), value);
            return changed;
        });
        Arbitrary<Mutation> rewritePrefix = hostileInt.map(value -> wire -> {
            if (wire.length < Integer.BYTES) {
                return wire;
            }
            byte[] changed = wire.clone();
            Unpooled.wrappedBuffer(changed).setInt(0, value);
            return changed;
        });
        return Arbitraries.oneOf(truncate, truncateBodyKeepingItsPrefixTrue, flipBit, overwriteInt, rewritePrefix);
    }

    private static Arbitrary<Frame> frame() {
        Arbitrary<Long> offset = Arbitraries.longs().between(0, Long.MAX_VALUE / 2);
        Arbitrary<Long> epoch = Arbitraries.longs().greaterOrEqual(0);
        Arbitrary<Integer> id = Arbitraries.integers().greaterOrEqual(0);
        Arbitrary<byte[]> nonce = Arbitraries.bytes().array(byte[].class).ofSize(FrameCodec.NONCE_BYTES);
        Arbitrary<byte[]> mac = Arbitraries.bytes().array(byte[].class).ofSize(FrameCodec.MAC_BYTES);
        return Arbitraries.oneOf(
                Combinators.combine(text(), id, nonce)
                        .as((clusterId, follower, bytes) -> new Hello(FrameCodec.PROTOCOL_VERSION, clusterId, follower,
                                bytes)),
                Combinators.combine(id, epoch, nonce).as(Challenge::new),
                Combinators.combine(mac, position(), broker()).as(Proof::new),
                mac.map(Welcome::new),
                text().map(Refuse::new),
                offset.map(Truncate::new),
                records(),
                offset.map(Ack::new),
                offset.map(Resend::new),
                offset.map(Resume::new),
                Combinators.combine(offset, epoch).as(SnapshotBegin::new),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(2048).map(SnapshotChunk::new),
                Combinators.combine(offset, Arbitraries.integers()).as(SnapshotEnd::new));
    }

    /** Text as the protocol carries it: 1 to 1024 bytes of UTF-8, no control characters. */
    private static Arbitrary<String> text() {
        return Arbitraries.strings().withCharRange(' ', '~').withCharRange('\u00a0', '\ud7ff')
                .ofMinLength(1).ofMaxLength(300);
    }

    private static Arbitrary<LogPosition> position() {
        return Arbitraries.longs().greaterOrEqual(0).flatMap(end -> Combinators.combine(
                        Arbitraries.longs().greaterOrEqual(-1), Arbitraries.longs().between(0, end))
                .as((lastEpoch, lastEpochStart) -> new LogPosition(lastEpoch, end, lastEpochStart)));
    }

    private static Arbitrary<BrokerInfo> broker() {
        return Combinators.combine(Arbitraries.integers().greaterOrEqual(0), text(),
                        Arbitraries.integers().between(0, 65535), text().injectNull(0.3))
                .as(BrokerInfo::new);
    }

    private static Arbitrary<Frame> records() {
        Arbitrary<ReplicatedRecord> shape = Combinators.combine(text(), Arbitraries.integers().greaterOrEqual(0),
                        Arbitraries.longs().greaterOrEqual(0), Arbitraries.longs().greaterOrEqual(0),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(64))
                .as((topic, partition, epoch, highWatermark, payload) ->
                        new ReplicatedRecord(topic, partition, epoch, 0, highWatermark, payload));
        return Combinators.combine(Arbitraries.longs().between(0, Long.MAX_VALUE / 2), shape.list().ofMinSize(1)
                        .ofMaxSize(5))
                .as((first, shapes) -> new Records(IntStream.range(0, shapes.size())
                        .mapToObj(i -> {
                            ReplicatedRecord r = shapes.get(i);
                            return new ReplicatedRecord(r.topic(), r.partition(), r.epoch(), first + i,
                                    r.leaderHighWatermark(), r.payload());
                        })
                        .toList()));
    }
}
