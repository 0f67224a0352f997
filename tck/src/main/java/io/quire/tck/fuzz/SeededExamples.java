package io.quire.tck.fuzz;

import java.util.Random;

/**
 * Seeded random examples for fuzz tests of decoders and loaders, plugins' as well as Quire's own:
 * each example draws from its own {@link Random}, seeded from a base seed, the test's name and the
 * example's index, so that a failure names what replays it ({@code -Dquire.fuzz.seed=<seed>
 * -Dquire.fuzz.example=<index>}), and generators of sizes, bytes and numbers that favour the edges.
 */
public final class SeededExamples {

    /** The base seed of every example; {@code -Dquire.fuzz.seed=<seed>} draws (or replays) others. */
    private static final long BASE_SEED = Long.getLong("quire.fuzz.seed", 0x5eed_0012L);
    /** With {@code -Dquire.fuzz.example=<index>}, each test runs only that example. */
    private static final Integer ONLY_EXAMPLE = Integer.getInteger("quire.fuzz.example");

    /** One example of a test: draws its inputs from {@code random}, then asserts. */
    public interface Example {
        void check(Random random, int index) throws Exception;
    }

    /**
     * Runs examples 0 to {@code examples - 1} of {@code test}, each with its own {@link Random} seeded
     * from the base seed, the test's name and the example's index, so that an example draws the same
     * inputs whatever the others draw. A failure names the seed and the example.
     */
    public static void forEachExample(String test, int examples, Example example) {
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
    public static int size(Random random, int max) {
        return switch (random.nextInt(8)) {
            case 0 -> 0;
            case 1 -> max;
            case 2, 3 -> random.nextInt(Math.min(max, 16) + 1);
            default -> random.nextInt(max + 1);
        };
    }

    public static byte[] bytes(Random random, int maxSize) {
        return bytes(random, 0, maxSize);
    }

    public static byte[] bytes(Random random, int minSize, int maxSize) {
        byte[] bytes = new byte[minSize + size(random, maxSize - minSize)];
        random.nextBytes(bytes);
        return bytes;
    }

    /**
     * A value from {@code min} to {@code max}, both included: an edge (the bounds, 0, 1 and -1 when in
     * range) one time in eight, a value of few bits above the lower bound (or around 0) one in four,
     * otherwise any.
     */
    public static long between(Random random, long min, long max) {
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

    private SeededExamples() {}
}
