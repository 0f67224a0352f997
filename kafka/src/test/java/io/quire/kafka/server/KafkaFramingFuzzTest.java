package io.quire.kafka.server;

import static io.quire.tck.fuzz.SeededExamples.between;
import static io.quire.tck.fuzz.SeededExamples.bytes;
import static io.quire.tck.fuzz.SeededExamples.forEachExample;
import static io.quire.tck.fuzz.SeededExamples.size;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import ch.qos.logback.classic.Logger;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.quire.core.topics.TopicDefaults;
import io.quire.core.topics.TopicService;
import io.quire.kafka.handlers.ApiHandler;
import io.quire.kafka.handlers.ApiHandlers;
import io.quire.spi.log.RateLimitedWarnings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Hostile bytes on a Kafka connection, fed through the listener's own pipeline
 * ({@link KafkaConnectionInitializer}) on embedded channels, with a real engine behind it: no
 * exception escapes the pipeline, no buffer leaks, nothing is allocated for a length that is only
 * claimed, and the node keeps answering new connections.
 *
 * <p>Each test draws its examples from seeded {@link Random}s (see {@link io.quire.tck.fuzz.SeededExamples}); a failure
 * names the seed and the example, and {@code -Dquire.fuzz.seed=<seed> -Dquire.fuzz.example=<index>}
 * replays it.
 */
class KafkaFramingFuzzTest {

    private static final int MAX_FRAME_BYTES = 1024;
    /** The unsigned-varint 2^32-1 and the int32/int16 maxima: length fields claiming far more than a frame holds. */
    private static final List<byte[]> HUGE_LENGTH_FIELDS = List.of(
            new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f},
            new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff},
            new byte[] {(byte) 0x80, 0, 0, 0},
            new byte[] {0x7f, (byte) 0xff});

    private static Path dataDir;
    private static TestNode node;
    private static ApiHandlers handlers;
    private static RequestMeters meters;
    /** The handler's logger, kept off the console: most examples close a connection with a warning. */
    private static Logger handlerLogger;
    /** The served APIs as {id, oldest version, latest version}. */
    private static List<short[]> servedApis;
    /** APIs Kafka knows and this listener does not serve. */
    private static List<ApiKeys> unservedKeys;
    /** Served APIs other than ApiVersions, which answers any version (with UNSUPPORTED_VERSION). */
    private static List<ApiKeys> versionedKeys;

    @BeforeAll
    static void startNode() throws IOException {
        dataDir = Files.createTempDirectory("quire-kafka-framing");
        node = TestNode.start(dataDir, MAX_FRAME_BYTES);
        handlers = new ApiHandlers(node.engine(), new TopicService(node.engine(), new TopicDefaults(1, 1)),
                TestNode.CLUSTER_ID, false);
        meters = new RequestMeters(new SimpleMeterRegistry());
        handlerLogger = (Logger) LoggerFactory.getLogger(KafkaRequestHandler.class);
        handlerLogger.setAdditive(false);
        servedApis = new ArrayList<>();
        for (ApiKeys key : ApiKeys.values()) {
            handlers.forKey(key).ifPresent(handler -> servedApis.add(new short[] {key.id, handler.oldestVersion(),
                    handler.latestVersion()}));
        }
        unservedKeys = Arrays.stream(ApiKeys.values()).filter(key -> handlers.forKey(key).isEmpty()).toList();
        versionedKeys = Arrays.stream(ApiKeys.values())
                .filter(key -> key != ApiKeys.API_VERSIONS && handlers.forKey(key).isPresent()).toList();
        assertThat(servedApis).isNotEmpty();
        assertThat(versionedKeys).isNotEmpty();
    }

    @AfterAll
    static void stopNode() throws IOException {
        handlerLogger.setAdditive(true);
        node.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void anyBytesInAnyChunksStayInsideThePipeline() {
        forEachExample("anyBytesInAnyChunksStayInsideThePipeline", 1000, (random, index) -> {
            byte[] bytes = hostileStream(random);
            int chunkBytes = (int) between(random, 1, 600);
            try (Connection connection = new Connection()) {
                connection.feed(bytes, chunkBytes);
                connection.assertContained();
            }
            assertFreshConnectionIsAnswered();
        });
    }

    @Test
    void aLengthPrefixAboveTheLimitClosesTheConnectionBeforeItsBytesArrive() {
        forEachExample("aLengthPrefixAboveTheLimitClosesTheConnectionBeforeItsBytesArrive", 1000, (random, index) -> {
            int claimed = lengthAboveTheLimit(random, index);
            byte[] after = bytes(random, 64);
            try (Connection connection = new Connection()) {
                // Netty reads the prefix as unsigned: a negative one claims more than 2 GiB. The
                // bytes that follow in the same read are far fewer than claimed: the close cannot wait for them.
                connection.feed(Unpooled.buffer().writeInt(claimed).writeBytes(after));
                assertThat(connection.channel.isOpen())
                        .as("open after a claim of %s bytes", Integer.toUnsignedString(claimed)).isFalse();
                assertThat(connection.closeReasons()).singleElement().asString().contains("frame too large");
                connection.assertContained();
            }
            assertFreshConnectionIsAnswered();
        });
    }

    @Test
    void aFrameCutShortWaitsForTheRestAndAnswersNothing() {
        forEachExample("aFrameCutShortWaitsForTheRestAndAnswersNothing", 1000, (random, index) -> {
            byte[] frame = framed(validRequest(random));
            int cut = (int) between(random, 0, 1 << 16);
            int sent = cut % frame.length;
            try (Connection connection = new Connection()) {
                connection.feed(Arrays.copyOf(frame, sent), 7);
                assertThat(connection.channel.isOpen()).isTrue();
                assertThat(connection.answer()).isEmpty();
                connection.assertContained();
            }
        });
    }

    @Test
    void anUnservedApiOrVersionClosesTheConnectionUnanswered() {
        forEachExample("anUnservedApiOrVersionClosesTheConnectionUnanswered", 1000, (random, index) -> {
            byte[] request = unservedRequest(random);
            try (Connection connection = new Connection()) {
                connection.feed(framed(request), 1 << 16);
                assertThat(connection.channel.isOpen()).isFalse();
                assertThat(connection.answer()).isEmpty();
                assertThat(connection.closeReasons()).singleElement().asString()
                        .containsAnyOf("is not served", "unreadable request header");
                connection.assertContained();
            }
            assertFreshConnectionIsAnswered();
        });
    }

    @Test
    void apiVersionsOfAnUnknownVersionIsAnsweredWithUnsupportedVersion() {
        forEachExample("apiVersionsOfAnUnknownVersionIsAnsweredWithUnsupportedVersion", 1000, (random, index) -> {
            int aboveLatest = (int) between(random, 1, Short.MAX_VALUE);
            byte[] body = bytes(random, 32);
            short version = (short) Math.min(Short.MAX_VALUE, ApiKeys.API_VERSIONS.latestVersion() + aboveLatest);
            RequestHeaderData header = header(ApiKeys.API_VERSIONS.id, version, 42);
            try (Connection connection = new Connection()) {
                connection.feed(framed(concat(serialize(header, (short) 2), body)), 1 << 16);
                assertThat(connection.channel.isOpen()).isTrue();
                ByteBuffer answer = ByteBuffer.wrap(connection.answer());
                assertThat(answer.getInt()).isEqualTo(answer.remaining());
                assertThat(ResponseHeader.parse(answer, (short) 0).correlationId()).isEqualTo(42);
                ApiVersionsResponseData response =
                        new ApiVersionsResponseData(new ByteBufferAccessor(answer), (short) 0);
                assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.UNSUPPORTED_VERSION);
                connection.assertContained();
            }
        });
    }

    @Test
    void aServedRequestWithHugeLengthFieldsIsRefusedWithoutTrustingThem() {
        forEachExample("aServedRequestWithHugeLengthFieldsIsRefusedWithoutTrustingThem", 500, (random, index) -> {
            byte[] request = concat(servedHeader(random), hostileBody(random));
            try (Connection connection = new Connection()) {
                connection.feed(framed(request), 1 << 16);
                // A body that happens to parse gets an answer; the rest close their connection.
                if (!connection.channel.isOpen()) {
                    assertThat(connection.closeReasons()).singleElement().asString().contains("malformed");
                }
                connection.assertContained();
            }
            assertFreshConnectionIsAnswered();
        });
    }

    /** After whatever the example sent on its own connection, a new one is still served. */
    private static void assertFreshConnectionIsAnswered() {
        short version = ApiKeys.API_VERSIONS.latestVersion();
        RequestHeader header = new RequestHeader(ApiKeys.API_VERSIONS, version, "quire-framing-test", 7);
        ByteBuffer request = new ApiVersionsRequest.Builder().build(version).serializeWithHeader(header);
        byte[] bytes = new byte[request.remaining()];
        request.get(bytes);
        try (Connection connection = new Connection()) {
            connection.feed(framed(bytes), 1 << 16);
            ByteBuffer answer = ByteBuffer.wrap(connection.answer());
            assertThat(answer.getInt()).isEqualTo(answer.remaining());
            assertThat(ResponseHeader.parse(answer, ApiKeys.API_VERSIONS.responseHeaderVersion(version))
                    .correlationId()).isEqualTo(7);
            ApiVersionsResponseData response = new ApiVersionsResponseData(new ByteBufferAccessor(answer), version);
            assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
            assertThat(connection.channel.isOpen()).isTrue();
        }
    }

    /** Random bytes, or frames with a plausible length prefix (some above the limit) and random content. */
    private static byte[] hostileStream(Random random) {
        if (random.nextBoolean()) {
            return bytes(random, 4096);
        }
        byte[][] frames = new byte[size(random, 4)][];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = framed(bytes(random, MAX_FRAME_BYTES + 64));
        }
        return concat(frames);
    }

    /** The listed edges first, one per example; then an edge, a length above the limit or a negative one. */
    private static int lengthAboveTheLimit(Random random, int index) {
        int[] edges = {MAX_FRAME_BYTES + 1, Integer.MAX_VALUE, Integer.MIN_VALUE, -1};
        if (index < edges.length) {
            return edges[index];
        }
        return switch (random.nextInt(3)) {
            case 0 -> edges[random.nextInt(edges.length)];
            case 1 -> (int) between(random, MAX_FRAME_BYTES + 1, Integer.MAX_VALUE);
            default -> (int) between(random, Integer.MIN_VALUE, -1);
        };
    }

    /** The header of a request this listener serves, at a version it serves, and a random body. */
    private static byte[] validRequest(Random random) {
        return concat(servedHeader(random), bytes(random, 200));
    }

    private static byte[] servedHeader(Random random) {
        short[] api = servedApis.get(random.nextInt(servedApis.size()));
        short version = (short) between(random, api[1], api[2]);
        short headerVersion = ApiKeys.forId(api[0]).requestHeaderVersion(version);
        return serialize(header(api[0], version, 1), headerVersion);
    }

    /** A header naming an API that is not served, a version outside the served range, or no API at all. */
    private static byte[] unservedRequest(Random random) {
        short apiKey;
        short version;
        int kind = random.nextInt(unservedKeys.isEmpty() ? 2 : 3);
        if (kind == 0) {
            do {
                apiKey = (short) between(random, Short.MIN_VALUE, Short.MAX_VALUE);
            } while (ApiKeys.hasId(apiKey));
            version = (short) between(random, Short.MIN_VALUE, Short.MAX_VALUE);
        } else if (kind == 1) {
            ApiKeys key = versionedKeys.get(random.nextInt(versionedKeys.size()));
            ApiHandler handler = handlers.forKey(key).orElseThrow();
            apiKey = key.id;
            version = (short) (random.nextBoolean()
                    ? between(random, Short.MIN_VALUE, handler.oldestVersion() - 1)
                    : between(random, handler.latestVersion() + 1, Short.MAX_VALUE));
        } else {
            apiKey = unservedKeys.get(random.nextInt(unservedKeys.size())).id;
            version = (short) between(random, Short.MIN_VALUE, Short.MAX_VALUE);
        }
        short headerVersion = random.nextBoolean() ? (short) 1 : (short) 2;
        return concat(serialize(header(apiKey, version, 1), headerVersion), bytes(random, 64));
    }

    /** A body made of random bytes and length fields that claim far more than the frame holds. */
    private static byte[] hostileBody(Random random) {
        byte[][] pieces = new byte[size(random, 24)][];
        for (int i = 0; i < pieces.length; i++) {
            pieces[i] = random.nextBoolean()
                    ? HUGE_LENGTH_FIELDS.get(random.nextInt(HUGE_LENGTH_FIELDS.size()))
                    : bytes(random, 8);
        }
        return concat(pieces);
    }

    private static RequestHeaderData header(short apiKey, short version, int correlationId) {
        return new RequestHeaderData().setRequestApiKey(apiKey).setRequestApiVersion(version)
                .setCorrelationId(correlationId).setClientId("quire-framing-test");
    }

    private static byte[] serialize(RequestHeaderData header, short headerVersion) {
        ByteBuffer buffer = MessageUtil.toByteBufferAccessor(header, headerVersion).buffer();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static byte[] framed(byte[] request) {
        return ByteBuffer.allocate(4 + request.length).putInt(request.length).put(request).array();
    }

    private static byte[] concat(byte[]... parts) {
        int length = Arrays.stream(parts).mapToInt(part -> part.length).sum();
        ByteBuffer joined = ByteBuffer.allocate(length);
        Arrays.stream(parts).forEach(joined::put);
        return joined.array();
    }

    /** One embedded connection with the listener's pipeline, recording what it allocates, answers and logs. */
    private static final class Connection implements AutoCloseable {

        /** Its own warnings, not the listener's shared ones: each example reads the reason it was closed for. */
        final EmbeddedChannel channel = new EmbeddedChannel(new KafkaConnectionInitializer(MAX_FRAME_BYTES, handlers,
                meters, new RateLimitedWarnings(LoggerFactory.getLogger(KafkaRequestHandler.class))));
        private final RecordingAllocator allocator = new RecordingAllocator();
        private final List<ByteBuf> fed = new ArrayList<>();
        private final LogCapture log = LogCapture.of(KafkaRequestHandler.class);
        private int fedBytes;

        Connection() {
            channel.config().setAllocator(allocator);
        }

        /** Delivers {@code bytes} in reads of {@code chunkBytes}, as long as the connection stays open. */
        void feed(byte[] bytes, int chunkBytes) {
            for (int start = 0; start < bytes.length && channel.isOpen(); start += chunkBytes) {
                feed(Unpooled.wrappedBuffer(Arrays.copyOfRange(bytes, start, Math.min(bytes.length, start + chunkBytes))));
            }
        }

        void feed(ByteBuf read) {
            fed.add(read);
            fedBytes += read.readableBytes();
            channel.writeOneInbound(read);
            channel.runPendingTasks();
        }

        /** Every byte written back so far, length prefixes included. */
        byte[] answer() {
            channel.runPendingTasks();
            ByteBuf answer = Unpooled.buffer();
            for (Object out; (out = channel.readOutbound()) != null; ) {
                ByteBuf written = (ByteBuf) out;
                answer.writeBytes(written);
                written.release();
            }
            byte[] bytes = new byte[answer.readableBytes()];
            answer.readBytes(bytes).release();
            return bytes;
        }

        List<String> closeReasons() {
            return log.messages().stream().filter(message -> message.contains("Closing Kafka connection")).toList();
        }

        /**
         * Nothing reached the end of the pipeline, no close was caused by an Error (an
         * OutOfMemoryError would be one), and no buffer was asked for beyond what the bytes fed
         * explain: the cumulation doubles at most, whatever length the bytes claim.
         */
        void assertContained() {
            assertThatCode(channel::checkException).doesNotThrowAnyException();
            assertThat(closeReasons()).noneMatch(reason -> reason.matches("(?s).*\\bjava\\.lang\\.\\w+Error\\b.*"));
            assertThat(allocator.largest).isLessThanOrEqualTo(Math.max(256, 2 * fedBytes));
        }

        /** Closes the connection; then every buffer it was fed has been released. */
        @Override
        public void close() {
            try {
                channel.finishAndReleaseAll();
                assertThat(fed).allSatisfy(read -> assertThat(read.refCnt()).as("reference count").isZero());
            } finally {
                log.close();
            }
        }
    }

    /** Remembers the largest buffer the pipeline asked for, when allocated or grown. */
    private static final class RecordingAllocator extends AbstractByteBufAllocator {

        int largest;

        RecordingAllocator() {
            super(false);
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            largest = Math.max(largest, initialCapacity);
            return new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            largest = Math.max(largest, initialCapacity);
            return new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity);
        }

        @Override
        public int calculateNewCapacity(int minNewCapacity, int maxCapacity) {
            int capacity = super.calculateNewCapacity(minNewCapacity, maxCapacity);
            largest = Math.max(largest, capacity);
            return capacity;
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }
    }
}
