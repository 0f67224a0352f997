package io.quire.bench.wal;

import java.util.SplittableRandom;

/** The record every run writes. */
public final class Payload {

    private Payload() {}

    /**
     * {@code bytes} pseudo-random bytes, the same on every run. Random rather than zeros so that no
     * layer (a store's compression, a file system, a virtual disk) can make the record smaller than
     * a real serialized command; 200 bytes is about a Kryo-serialized CreateTopic with a few configs.
     */
    public static byte[] of(int bytes) {
        byte[] payload = new byte[bytes];
        new SplittableRandom(42).nextBytes(payload);
        return payload;
    }
}
