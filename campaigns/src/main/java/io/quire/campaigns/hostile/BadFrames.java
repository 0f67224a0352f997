package io.quire.campaigns.hostile;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * What a hostile or broken client sends: random bytes, length prefixes up to 2^31-1 and below 0,
 * frames cut short, Kafka headers of unknown APIs and versions, and requests whose arrays and
 * strings claim far more than they hold. Each is one connection's bytes; the campaign sends them
 * to every port a node listens on, whatever protocol the port speaks.
 */
final class BadFrames {

    /** One kind of bad input, with its name for the figures. */
    record Kind(String name, Function<Random, byte[]> bytes) {}

    static final List<Kind> KINDS = List.of(
            new Kind("random bytes", BadFrames::randomBytes),
            new Kind("length 2^31-1", r -> prefixed(Integer.MAX_VALUE, randomBytes(r))),
            new Kind("negative length", r -> prefixed(-1 - r.nextInt(Integer.MAX_VALUE), randomBytes(r))),
            new Kind("frame cut short", r -> cutShort(r)),
            new Kind("unknown API key", r -> kafkaRequest((short) (1000 + r.nextInt(30_000)), (short) 0, new byte[0])),
            new Kind("unknown API version", r -> kafkaRequest((short) 18, (short) (100 + r.nextInt(1000)), new byte[0])),
            new Kind("array of 2^31-1 topics", r -> kafkaRequest((short) 19, (short) 4,
                    ByteBuffer.allocate(8).putInt(Integer.MAX_VALUE).putInt(r.nextInt()).array())),
            new Kind("string longer than its frame", r -> kafkaRequest((short) 3, (short) 8,
                    ByteBuffer.allocate(6).putInt(1).putShort(Short.MAX_VALUE).array())));

    private BadFrames() {}

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[1 + random.nextInt(4096)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] prefixed(int length, byte[] body) {
        return ByteBuffer.allocate(4 + body.length).putInt(length).put(body).array();
    }

    /** A prefix that promises more than the connection then sends before it closes. */
    private static byte[] cutShort(Random random) {
        byte[] body = new byte[random.nextInt(64)];
        random.nextBytes(body);
        return prefixed(body.length + 1 + random.nextInt(100_000), body);
    }

    /** A length-prefixed Kafka request: header v1 (key, version, correlation id, client id), then {@code body}. */
    private static byte[] kafkaRequest(short apiKey, short apiVersion, byte[] body) {
        byte[] clientId = "hostile".getBytes(StandardCharsets.UTF_8);
        ByteBuffer frame = ByteBuffer.allocate(4 + 2 + 2 + 4 + 2 + clientId.length + body.length);
        frame.putInt(frame.capacity() - 4).putShort(apiKey).putShort(apiVersion).putInt(1)
                .putShort((short) clientId.length).put(clientId).put(body);
        return frame.array();
    }
}
