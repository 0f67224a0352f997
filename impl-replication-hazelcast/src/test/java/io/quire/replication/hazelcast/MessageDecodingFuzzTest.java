package io.quire.replication.hazelcast;

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
 * <p>Each test draws its examples from seeded {@link Random}s (see {@link #forEachExample}); a failure
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

    // ---- Examples, their seeds, and the primitive generators ----

    /** The base seed of every example; {@code -Dquire.fuzz.seed=<seed>} draws (or replays) others. */
    private static final long BASE_SEED = Long.getLong("quire.fuzz.seed", 0x5eed_0012L);
    /** With {@code -Dquire.fuzz.example=<index>}, each test runs only that example. */
    private static final Integer ONLY_EXAMPLE = Integer.getInteger("quire.fuzz.example");

    /** One example of a test: draws its inputs from {@code random}, then asserts. */
    private interface Example {
        void check(Random random, int index) throws Exception;
    }

    /**
     * Runs examples 0 to {@code examples - 1} of {@code test}, each with its own {@link Random} seeded
     * from the base seed, the test's name and the example's index, so that an example draws the same
     * inputs whatever the others draw. A failure names the seed and the example.
     */
    private static void forEachExample(String test, int examples, Example example) {
        int from = ONLY_EXAMPLE == null ? 0 : ONLY_EXAMPLE;
        int to = ONLY_EXAMPLE == null ? examples : Math.min(examples, ONLY_EXAMPLE + 1);
        for (int index = from; index < to; index++) {
            try {
                example.check(new Random(exampleSeed(test, index)), index);
            } catch (Throwable failure) {
                throw new AssertionError(String.format(
                        "%s failed at seed %d, example %d; replay with -Dquire.fuzz.seed=%d -Dquire.fuzz.example=%d",
                        test, BASE_SEED, index, BASE_SEED, index), failure);
            }
        }
    }

    /** SplitMix64's finalizer over the base seed, the test and the index. */
    private static long exampleSeed(String test, int index) {
        long z = BASE_SEED + test.hashCode() * 0x9E3779B97F4A7C15L + (index + 1L) * 0xD1B54A32D192ED03L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A size from 0 to {@code max}: empty, full and small ones as often as any other. */
    private static int size(Random random, int max) {
        return switch (random.nextInt(8)) {
            case 0 -> 0;
            case 1 -> max;
            case 2, 3 -> random.nextInt(Math.min(max, 16) + 1);
            default -> random.nextInt(max + 1);
        };
    }

    private static byte[] bytes(Random random, int maxSize) {
        return bytes(random, 0, maxSize);
    }

    private static byte[] bytes(Random random, int minSize, int maxSize) {
        byte[] bytes = new byte[minSize + size(random, maxSize - minSize)];
        random.nextBytes(bytes);
        return bytes;
    }

    /**
     * A value from {@code min} to {@code max}, both included: an edge (the bounds, 0, 1 and -1 when in
     * range) one time in eight, a value of few bits above the lower bound (or around 0) one in four,
     * otherwise any.
     */
    private static long between(Random random, long min, long max) {
        if (min == max) {
            return min;
        }
        int pick = random.nextInt(8);
        if (pick == 0) {
            long[] edges = {min, max, 0, 1, -1, min + 1, max - 1};
            long edge = edges[random.nextInt(edges.length)];
            return edge >= min && edge <= max ? edge : min;
        }
        if (pick <= 2) {
            int bits = random.nextInt(64);
            long magnitude = bits == 0 ? 0 : random.nextLong() >>> (64 - bits);
            long near = min <= 0 && max >= 0 ? (random.nextBoolean() ? magnitude : -magnitude) : min + magnitude;
            if (near >= min && near <= max) {
                return near;
            }
        }
        if (max < Long.MAX_VALUE) {
            return random.nextLong(min, max + 1);
        }
        return min == Long.MIN_VALUE ? random.nextLong() : random.nextLong(min - 1, max) + 1;
    }
}
