package io.quire.replication.tcp;

import static io.quire.tck.fuzz.SeededExamples.between;
import static io.quire.tck.fuzz.SeededExamples.bytes;
import static io.quire.tck.fuzz.SeededExamples.forEachExample;
import static io.quire.tck.fuzz.SeededExamples.size;
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
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The replication frame decoder against hostile bytes and against real frames mutated on the way:
 * it yields frames or refuses with a {@link ProtocolException}, never another exception, never an
 * Error such as an OutOfMemoryError from a length it did not check; and every frame the encoder
 * writes comes back equal.
 *
 * <p>Each test draws its examples from seeded {@link Random}s (see {@link io.quire.tck.fuzz.SeededExamples}); a failure
 * names the seed and the example, and {@code -Dquire.fuzz.seed=<seed> -Dquire.fuzz.example=<index>}
 * replays it.
 */
class FrameDecodingFuzzTest {

    /** The limit after authentication in these tests: large enough for any generated frame. */
    private static final int AUTHENTICATED_MAX_FRAME_BYTES = 1 << 20;

    /** Fewer examples than the others: generating frames of long texts and records is the slow part. */
    @Test
    void everyFrameTheEncoderWritesDecodesBackEqualAcrossAnySplit() {
        forEachExample("everyFrameTheEncoderWritesDecodesBackEqualAcrossAnySplit", 300, (random, index) -> {
            List<Frame> frames = frames(random);
            int chunkBytes = (int) between(random, 1, 300);
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
        });
    }

    @Test
    void anyFrameBodyDecodesOrIsRefusedWithAProtocolException() {
        forEachExample("anyFrameBodyDecodesOrIsRefusedWithAProtocolException", 1000, (random, index) -> {
            byte[] body = body(random);
            try {
                assertThat(FrameCodec.decode(Unpooled.wrappedBuffer(body))).isNotNull();
            } catch (ProtocolException refused) {
                assertThat(refused.getMessage()).isNotBlank();
            }
        });
    }

    @Test
    void anyBytesOnAConnectionYieldFramesOrAProtocolException() {
        forEachExample("anyBytesOnAConnectionYieldFramesOrAProtocolException", 1000, (random, index) -> {
            byte[] bytes = bytes(random, 2048);
            assertDecodesOrRefuses(bytes, random.nextBoolean());
        });
    }

    @Test
    void aMutatedFrameDecodesOrIsRefusedWithAProtocolException() {
        forEachExample("aMutatedFrameDecodesOrIsRefusedWithAProtocolException", 300, (random, index) -> {
            byte[] wire = encode(frames(random));
            for (int mutations = 1 + random.nextInt(4); mutations > 0; mutations--) {
                wire = mutate(random, wire);
            }
            assertDecodesOrRefuses(wire, true);
        });
    }

    @Test
    void aLengthPrefixOutsideTheLimitIsRefusedFromThePrefixAlone() {
        forEachExample("aLengthPrefixOutsideTheLimitIsRefusedFromThePrefixAlone", 1000, (random, index) -> {
            // The listed edges first, each with and without authentication; then random ones.
            boolean authenticated = index < 2 * BAD_LENGTH_EDGES.length ? index % 2 == 0 : random.nextBoolean();
            int claimed = badLength(random, index / 2);
            int limit = authenticated ? AUTHENTICATED_MAX_FRAME_BYTES : FrameCodec.HANDSHAKE_MAX_FRAME_BYTES;
            EmbeddedChannel receiver =
                    authenticated ? authenticatedReceiver() : new EmbeddedChannel(new FrameDecoder());
            // Only the prefix arrives: the refusal cannot have waited for, or buffered, the bytes claimed.
            assertThatThrownBy(() -> receiver.writeInbound(Unpooled.buffer(4).writeInt(claimed)))
                    .isInstanceOf(DecoderException.class)
                    .cause().isInstanceOf(ProtocolException.class)
                    .hasMessage("frame length " + Integer.toUnsignedString(claimed) + " is not in 1.." + limit);
            receiver.finishAndReleaseAll();
        });
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

    /** Random bodies, and bodies that start with a real frame type (or 0, or 14) so that its fields get read. */
    private static byte[] body(Random random) {
        byte[] rest = bytes(random, 512);
        if (random.nextBoolean()) {
            return rest;
        }
        byte[] body = new byte[rest.length + 1];
        body[0] = (byte) between(random, 0, 14);
        System.arraycopy(rest, 0, body, 1, rest.length);
        return body;
    }

    private static final int[] BAD_LENGTH_EDGES =
            {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, AUTHENTICATED_MAX_FRAME_BYTES + 1};

    /** The listed edges first, one per {@code edgeIndex}; then an edge, a length of 0 or less, or one above the limit. */
    private static int badLength(Random random, int edgeIndex) {
        if (edgeIndex < BAD_LENGTH_EDGES.length) {
            return BAD_LENGTH_EDGES[edgeIndex];
        }
        return switch (random.nextInt(3)) {
            case 0 -> BAD_LENGTH_EDGES[random.nextInt(BAD_LENGTH_EDGES.length)];
            case 1 -> (int) between(random, Integer.MIN_VALUE, 0);
            default -> (int) between(random, AUTHENTICATED_MAX_FRAME_BYTES + 1, Integer.MAX_VALUE);
        };
    }

    /** One to four frames of any type. */
    private static List<Frame> frames(Random random) {
        return list(random, 1, 4, FrameDecodingFuzzTest::frame);
    }

    private static final int[] HOSTILE_INTS = {0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0xffff, 0x10000};

    private static int hostileInt(Random random) {
        return random.nextBoolean() ? HOSTILE_INTS[random.nextInt(HOSTILE_INTS.length)] : random.nextInt();
    }

    /** Something a hostile peer or a broken link does to bytes on their way. */
    private static byte[] mutate(Random random, byte[] wire) {
        int at = (int) between(random, 0, Integer.MAX_VALUE);
        switch (random.nextInt(5)) {
            case 0: // truncate
                return Arrays.copyOf(wire, at % (wire.length + 1));
            case 1: { // truncate the body, keeping its prefix true
                if (wire.length <= FrameDecoder.LENGTH_BYTES) {
                    return wire;
                }
                byte[] cut = Arrays.copyOf(wire,
                        FrameDecoder.LENGTH_BYTES + at % (wire.length - FrameDecoder.LENGTH_BYTES));
                return Unpooled.wrappedBuffer(cut).setInt(0, cut.length - FrameDecoder.LENGTH_BYTES).array();
            }
            case 2: { // flip a bit
                if (wire.length == 0) {
                    return wire;
                }
                byte[] flipped = wire.clone();
                flipped[at % wire.length] ^= (byte) (1 << (at % 8));
                return flipped;
            }
            case 3: { // overwrite an int: lands on length, count and range-checked fields alike
                if (wire.length < Integer.BYTES) {
                    return wire;
                }
                byte[] changed = wire.clone();
                Unpooled.wrappedBuffer(changed).setInt(at % (wire.length - Integer.BYTES + 1), hostileInt(random));
                return changed;
            }
            default: { // rewrite the first prefix
                if (wire.length < Integer.BYTES) {
                    return wire;
                }
                byte[] changed = wire.clone();
                Unpooled.wrappedBuffer(changed).setInt(0, hostileInt(random));
                return changed;
            }
        }
    }

    private static Frame frame(Random random) {
        return switch (random.nextInt(13)) {
            case 0 -> new Hello(FrameCodec.PROTOCOL_VERSION, text(random), id(random),
                    bytes(random, FrameCodec.NONCE_BYTES, FrameCodec.NONCE_BYTES));
            case 1 -> new Challenge(id(random), between(random, 0, Long.MAX_VALUE),
                    bytes(random, FrameCodec.NONCE_BYTES, FrameCodec.NONCE_BYTES));
            case 2 -> new Proof(bytes(random, FrameCodec.MAC_BYTES, FrameCodec.MAC_BYTES), position(random),
                    broker(random));
            case 3 -> new Welcome(bytes(random, FrameCodec.MAC_BYTES, FrameCodec.MAC_BYTES));
            case 4 -> new Refuse(text(random));
            case 5 -> new Truncate(offset(random));
            case 6 -> records(random);
            case 7 -> new Ack(offset(random));
            case 8 -> new Resend(offset(random));
            case 9 -> new Resume(offset(random));
            case 10 -> new SnapshotBegin(offset(random), between(random, 0, Long.MAX_VALUE));
            case 11 -> new SnapshotChunk(bytes(random, 1, 2048));
            default -> new SnapshotEnd(offset(random), (int) between(random, Integer.MIN_VALUE, Integer.MAX_VALUE));
        };
    }

    private static long offset(Random random) {
        return between(random, 0, Long.MAX_VALUE / 2);
    }

    private static int id(Random random) {
        return (int) between(random, 0, Integer.MAX_VALUE);
    }

    /** Text as the protocol carries it: 1 to 300 characters of printable ASCII and U+00A0 to U+D7FF. */
    private static String text(Random random) {
        char[] chars = new char[1 + size(random, 299)];
        for (int i = 0; i < chars.length; i++) {
            // Half from each range.
            chars[i] = random.nextBoolean()
                    ? (char) between(random, ' ', '~')
                    : (char) between(random, '\u00a0', '\ud7ff');
        }
        return new String(chars);
    }

    private static LogPosition position(Random random) {
        long end = between(random, 0, Long.MAX_VALUE);
        return new LogPosition(between(random, -1, Long.MAX_VALUE), end, between(random, 0, end));
    }

    private static BrokerInfo broker(Random random) {
        return new BrokerInfo((int) between(random, 0, Integer.MAX_VALUE), text(random), (int) between(random, 0, 65535),
                random.nextInt(10) < 3 ? null : text(random));
    }

    /** One to five records with consecutive offsets, as the leader stamps them. */
    private static Frame records(Random random) {
        long first = between(random, 0, Long.MAX_VALUE / 2);
        int count = 1 + size(random, 4);
        List<ReplicatedRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(new ReplicatedRecord(text(random), (int) between(random, 0, Integer.MAX_VALUE),
                    between(random, 0, Long.MAX_VALUE), first + i, between(random, 0, Long.MAX_VALUE),
                    bytes(random, 64)));
        }
        return new Records(records);
    }

    private static <T> List<T> list(Random random, int minSize, int maxSize, Function<Random, T> element) {
        int count = minSize + size(random, maxSize - minSize);
        List<T> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(element.apply(random));
        }
        return list;
    }
}
