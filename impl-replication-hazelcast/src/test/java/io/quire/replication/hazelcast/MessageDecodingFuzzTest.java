package io.quire.replication.hazelcast;

import static io.quire.tck.fuzz.SeededExamples.between;
import static io.quire.tck.fuzz.SeededExamples.bytes;
import static io.quire.tck.fuzz.SeededExamples.forEachExample;
import static io.quire.tck.fuzz.SeededExamples.size;
import static org.assertj.core.api.Assertions.assertThat;

import io.quire.api.metadata.BrokerInfo;
import io.quire.spi.replication.LogPosition;
import io.quire.spi.replication.ReplicatedRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The replication messages against hostile bodies: decoding yields a message or fails with the
 * IOException each decoder declares, never another exception, never an Error such as an
 * OutOfMemoryError from an unchecked length; and every message encoded decodes back equal.
 *
 * <p>Each test draws its examples from seeded {@link Random}s (see {@link io.quire.tck.fuzz.SeededExamples}); a failure
 * names the seed and the example, and {@code -Dquire.fuzz.seed=<seed> -Dquire.fuzz.example=<index>}
 * replays it.
 */
class MessageDecodingFuzzTest {

    /** One of the decoders, as the transport calls them on a verified body. */
    private interface Decoder {
        Object decode(byte[] body) throws IOException;
    }

    private static final List<Decoder> DECODERS = List.of(Messages::decodeBatch, Messages::decodeFetch,
            Messages::decodeFetchAnswer, Messages::decodeAck);

    /** Fewer examples than the others: generating messages of many texts and records is the slow part. */
    @Test
    void everyMessageEncodedDecodesBackEqual() {
        forEachExample("everyMessageEncodedDecodesBackEqual", 300, (random, index) -> {
            Object message = message(random);
            byte[] body = encode(message);
            Object decoded = DECODERS.get(Messages.type(body) - 1).decode(body);
            assertThat(decoded).usingRecursiveComparison().isEqualTo(message);
        });
    }

    @Test
    void anyBodyDecodesOrFailsWithAnIOException() {
        forEachExample("anyBodyDecodesOrFailsWithAnIOException", 1000,
                (random, index) -> assertEveryDecoderDecodesOrRefuses(body(random)));
    }

    @Test
    void aMutatedMessageDecodesOrFailsWithAnIOException() {
        forEachExample("aMutatedMessageDecodesOrFailsWithAnIOException", 1000, (random, index) -> {
            byte[] body = encode(message(random));
            for (int mutations = 1 + random.nextInt(4); mutations > 0; mutations--) {
                body = mutate(random, body);
            }
            assertEveryDecoderDecodesOrRefuses(body);
        });
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

    /** Random bodies, and bodies that start with a real message type (or 0, or 5) so that their fields get read. */
    private static byte[] body(Random random) {
        byte[] rest = bytes(random, 512);
        if (random.nextBoolean()) {
            return rest;
        }
        return ByteBuffer.allocate(1 + rest.length).put((byte) between(random, 0, 5)).put(rest).array();
    }

    private static Object message(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> new Messages.Batch(anyLong(random), anyInt(random), records(random, 1));
            case 1 -> new Messages.Fetch(anyInt(random), anyLong(random), anyLong(random), bytes(random, 64),
                    position(random), broker(random));
            case 2 -> new Messages.FetchAnswer(random.nextBoolean() ? Messages.OK : Messages.NOT_LEADER, anyInt(random),
                    anyLong(random), bytes(random, 64), anyLong(random),
                    random.nextBoolean() ? null : new Messages.Snap(anyLong(random), anyLong(random), bytes(random, 64)),
                    records(random, 0), anyLong(random));
            default -> new Messages.Ack(anyInt(random), anyLong(random), anyLong(random), anyLong(random));
        };
    }

    private static final int[] HOSTILE_INTS = {0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0xffff};

    /** Something a hostile member or a broken link does to a body. */
    private static byte[] mutate(Random random, byte[] body) {
        int at = (int) between(random, 0, Integer.MAX_VALUE);
        switch (random.nextInt(3)) {
            case 0: // truncate
                return Arrays.copyOf(body, at % (body.length + 1));
            case 1: { // flip a bit
                byte[] flipped = body.clone();
                if (flipped.length > 0) {
                    flipped[at % flipped.length] ^= (byte) (1 << (at % 8));
                }
                return flipped;
            }
            default: { // overwrite an int: lands on counts, lengths (int32 and writeUTF's uint16) and plain fields alike
                int value = random.nextBoolean() ? HOSTILE_INTS[random.nextInt(HOSTILE_INTS.length)] : anyInt(random);
                byte[] changed = body.clone();
                if (changed.length >= Integer.BYTES) {
                    ByteBuffer.wrap(changed).putInt(at % (changed.length - Integer.BYTES + 1), value);
                }
                return changed;
            }
        }
    }

    private static int anyInt(Random random) {
        return (int) between(random, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    private static long anyLong(Random random) {
        return between(random, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /**
     * Texts as writeUTF carries them, at most the 1024 the decoder takes: up to 200 of any characters
     * but the noncharacters, lone surrogates included.
     */
    private static String text(Random random) {
        char[] chars = new char[size(random, 200)];
        for (int i = 0; i < chars.length; i++) {
            char c;
            do {
                c = (char) between(random, Character.MIN_VALUE, Character.MAX_VALUE);
            } while (c >= '\ufdd0' && c <= '\ufdef' || c >= '\ufffe');
            chars[i] = c;
        }
        return new String(chars);
    }

    private static LogPosition position(Random random) {
        long end = between(random, 0, Long.MAX_VALUE);
        return new LogPosition(anyLong(random), end, between(random, 0, end));
    }

    private static BrokerInfo broker(Random random) {
        return new BrokerInfo(anyInt(random), text(random), (int) between(random, 0, 65535),
                random.nextInt(10) < 3 ? null : text(random));
    }

    /** Between {@code min} and 5 records with consecutive offsets, as the leader stamps them. */
    private static List<ReplicatedRecord> records(Random random, int min) {
        long first = between(random, 0, Long.MAX_VALUE / 2);
        int count = min + size(random, 5 - min);
        List<ReplicatedRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(new ReplicatedRecord(text(random), anyInt(random), anyLong(random), first + i, anyLong(random),
                    bytes(random, 64)));
        }
        return records;
    }
}
