package io.quire.replication.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.api.metadata.BrokerInfo;
import io.quire.spi.replication.LogPosition;
import io.quire.spi.replication.ReplicatedRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The replication messages against hostile bodies: decoding yields a message or fails with the
 * IOException each decoder declares, never another exception, never an Error such as an
 * OutOfMemoryError from an unchecked length; and every message encoded decodes back equal.
 */
class MessageDecodingPropertyTest {

    /** One of the decoders, as the transport calls them on a verified body. */
    private interface Decoder {
        Object decode(byte[] body) throws IOException;
    }

    private static final List<Decoder> DECODERS = List.of(Messages::decodeBatch, Messages::decodeFetch,
            Messages::decodeFetchAnswer, Messages::decodeAck);

    /** Fewer tries than the default: generating messages of many texts and records is the slow part. */
    @Property(tries = 300)
    void everyMessageEncodedDecodesBackEqual(@ForAll("messages") Object message) throws IOException {
        byte[] body = encode(message);
        Object decoded = DECODERS.get(Messages.type(body) - 1).decode(body);
        assertThat(decoded).usingRecursiveComparison().isEqualTo(message);
    }

    @Property
    void anyBodyDecodesOrFailsWithAnIOException(@ForAll("bodies") byte[] body) {
        assertEveryDecoderDecodesOrRefuses(body);
    }

    @Property
    void aMutatedMessageDecodesOrFailsWithAnIOException(@ForAll("messages") Object message,
            @ForAll("mutations") List<Mutation> mutations) {
        byte[] body = encode(message);
        for (Mutation mutation : mutations) {
            body = mutation.apply(body);
        }
        assertEveryDecoderDecodesOrRefuses(body);
    }

    private static void assertEveryDecoderDecodesOrRefuses(byte[] body) {
        for (Decoder decoder : DECODERS) {
            try {
                assertThat(decoder.decode(body)).isNotNull();
            } catch (IOException refused) {
                assertThat(refused.getMessage()).isNotBlank();
            }
        }
    }

    private static byte[] encode(Object message) {
        if (message instanceof Messages.Batch batch) {
            return Messages.encode(batch);
        } else if (message instanceof Messages.Fetch fetch) {
            return Messages.encode(fetch);
        } else if (message instanceof Messages.FetchAnswer answer) {
            return Messages.encode(answer);
        }
        return Messages.encode((Messages.Ack) message);
    }

    /** Random bodies, and bodies that start with a real message type so that their fields get read. */
    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(512);
        Arbitrary<byte[]> typed = Combinators.combine(Arbitraries.bytes().between((byte) 0, (byte) 5), random)
                .as((type, rest) -> ByteBuffer.allocate(1 + rest.length).put(type).put(rest).array());
        return Arbitraries.oneOf(random, typed);
    }

    @Provide
    Arbitrary<Object> messages() {
        Arbitrary<Long> anyLong = Arbitraries.longs();
        Arbitrary<Integer> anyInt = Arbitraries.integers();
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        Arbitrary<Messages.Batch> batch = Combinators.combine(anyLong, anyInt, records(1))
                .as(Messages.Batch::new);
        Arbitrary<Messages.Fetch> fetch = Combinators.combine(anyInt, anyLong, anyLong, bytes, position(), broker())
                .as(Messages.Fetch::new);
        Arbitrary<Messages.Snap> snap = Combinators.combine(anyLong, anyLong, bytes).as(Messages.Snap::new);
        Arbitrary<Messages.FetchAnswer> answer = Combinators.combine(Arbitraries.of(Messages.OK, Messages.NOT_LEADER),
                        anyInt, anyLong, bytes, anyLong, snap.injectNull(0.5), records(0), anyLong)
                .as(Messages.FetchAnswer::new);
        Arbitrary<Messages.Ack> ack = Combinators.combine(anyInt, anyLong, anyLong, anyLong).as(Messages.Ack::new);
        return Arbitraries.oneOf(batch, fetch, answer, ack);
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Integer> position = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        Arbitrary<Integer> hostileInt = Arbitraries.oneOf(
                Arbitraries.of(0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0xffff), Arbitraries.integers());
        Arbitrary<Mutation> truncate = position.map(at -> body -> Arrays.copyOf(body, at % (body.length + 1)));
        Arbitrary<Mutation> flipBit = position.map(at -> body -> {
            byte[] flipped = body.clone();
            if (flipped.length > 0) {
                flipped[at % flipped.length] ^= (byte) (1 << (at % 8));
            }
            return flipped;
        });
        // Lands on counts, lengths (int32 and writeUTF's uint16) and plain fields alike.
        Arbitrary<Mutation> overwriteInt = Combinators.combine(position, hostileInt).as((at, value) -> body -> {
            byte[] changed = body.clone();
            if (changed.length >= Integer.BYTES) {
                ByteBuffer.wrap(changed).putInt(at % (changed.length - Integer.BYTES + 1), value);
            }
            return changed;
        });
        return Arbitraries.oneOf(truncate, flipBit, overwriteInt).list().ofMinSize(1).ofMaxSize(4);
    }

    /** Something a hostile member or a broken link does to a body. */
    private interface Mutation {
        byte[] apply(byte[] body);
    }

    /** Texts as writeUTF carries them: any characters, at most the 1024 the decoder takes. */
    private static Arbitrary<String> text() {
        return Arbitraries.strings().ofMaxLength(200);
    }

    private static Arbitrary<LogPosition> position() {
        return Arbitraries.longs().greaterOrEqual(0).flatMap(end -> Combinators.combine(Arbitraries.longs(),
                        Arbitraries.longs().between(0, end))
                .as((lastEpoch, lastEpochStart) -> new LogPosition(lastEpoch, end, lastEpochStart)));
    }

    private static Arbitrary<BrokerInfo> broker() {
        return Combinators.combine(Arbitraries.integers(), text(), Arbitraries.integers().between(0, 65535),
                text().injectNull(0.3)).as(BrokerInfo::new);
    }

    /** Between {@code min} and 5 records with consecutive offsets, as the leader stamps them. */
    private static Arbitrary<List<ReplicatedRecord>> records(int min) {
        Arbitrary<ReplicatedRecord> shape = Combinators.combine(text(), Arbitraries.integers(), Arbitraries.longs(),
                        Arbitraries.longs(), Arbitraries.bytes().array(byte[].class).ofMaxSize(64))
                .as((topic, partition, epoch, highWatermark, payload) ->
                        new ReplicatedRecord(topic, partition, epoch, 0, highWatermark, payload));
        return Combinators.combine(Arbitraries.longs().between(0, Long.MAX_VALUE / 2),
                        shape.list().ofMinSize(min).ofMaxSize(5))
                .as((first, shapes) -> IntStream.range(0, shapes.size())
                        .mapToObj(i -> {
                            ReplicatedRecord r = shapes.get(i);
                            return new ReplicatedRecord(r.topic(), r.partition(), r.epoch(), first + i,
                                    r.leaderHighWatermark(), r.payload());
                        })
                        .toList());
    }
}
