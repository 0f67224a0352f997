package io.quire.kafka.server;

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
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;
import org.slf4j.LoggerFactory;

/**
 * Hostile bytes on a Kafka connection, fed through the listener's own pipeline
 * ({@link KafkaConnectionInitializer}) on embedded channels, with a real engine behind it: no
 * exception escapes the pipeline, no buffer leaks, nothing is allocated for a length that is only
 * claimed, and the node keeps answering new connections.
 */
class KafkaFramingPropertyTest {

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
    /** The handler's logger, kept off the console: each try closes a connection with a warning. */
    private static Logger handlerLogger;

    @BeforeContainer
    static void startNode() throws IOException {
        dataDir = Files.createTempDirectory("quire-kafka-framing");
        node = TestNode.start(dataDir, MAX_FRAME_BYTES);
        handlers = new ApiHandlers(node.engine(), new TopicService(node.engine(), new TopicDefaults(1, 1)),
                TestNode.CLUSTER_ID, false);
        meters = new RequestMeters(new SimpleMeterRegistry());
        handlerLogger = (Logger) LoggerFactory.getLogger(KafkaRequestHandler.class);
        handlerLogger.setAdditive(false);
    }

    @AfterContainer
    static void stopNode() throws IOException {
        handlerLogger.setAdditive(true);
        node.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Property
    void anyBytesInAnyChunksStayInsideThePipeline(@ForAll("hostileStreams") byte[] bytes,
            @ForAll @IntRange(min = 1, max = 600) int chunkBytes) {
        try (Connection connection = new Connection()) {
            connection.feed(bytes, chunkBytes);
            connection.assertContained();
        }
        assertFreshConnectionIsAnswered();
    }

    @Property
    void aLengthPrefixAboveTheLimitClosesTheConnectionBeforeItsBytesArrive(
            @ForAll("lengthsAboveTheLimit") int claimed, @ForAll @Size(max = 64) byte[] after) {
        try (Connection connection = new Connection()) {
            // Netty reads the prefix as unsigned: a negative one claims more than 2 GiB. The
            // bytes that follow in the same read are far fewer than claimed: the close cannot wait for them.
            connection.feed(Unpooled.buffer().writeInt(claimed).writeBytes(after));
            assertThat(connection.channel.isOpen()).as("open after a claim of %s bytes", Integer.toUnsignedString(claimed))
                    .isFalse();
            assertThat(connection.closeReasons()).singleElement().asString().contains("frame too large");
            connection.assertContained();
        }
        assertFreshConnectionIsAnswered();
    }

    @Property
    void aFrameCutShortWaitsForTheRestAndAnswersNothing(@ForAll("validHeaders") byte[] request,
            @ForAll @IntRange(min = 0, max = 1 << 16) int cut) {
        byte[] frame = framed(request);
        int sent = cut % frame.length;
        try (Connection connection = new Connection()) {
            connection.feed(Arrays.copyOf(frame, sent), 7);
            assertThat(connection.channel.isOpen()).isTrue();
            assertThat(connection.answer()).isEmpty();
            connection.assertContained();
        }
    }

    @Property
    void anUnservedApiOrVersionClosesTheConnectionUnanswered(@ForAll("unservedHeaders") byte[] request) {
        try (Connection connection = new Connection()) {
            connection.feed(framed(request), 1 << 16);
            assertThat(connection.channel.isOpen()).isFalse();
            assertThat(connection.answer()).isEmpty();
            assertThat(connection.closeReasons()).singleElement().asString()
                    .containsAnyOf("is not served", "unreadable request header");
            connection.assertContained();
        }
        assertFreshConnectionIsAnswered();
    }

    @Property
    void apiVersionsOfAnUnknownVersionIsAnsweredWithUnsupportedVersion(
            @ForAll @IntRange(min = 1, max = Short.MAX_VALUE) int aboveLatest, @ForAll @Size(max = 32) byte[] body) {
        short version = (short) Math.min(Short.MAX_VALUE, ApiKeys.API_VERSIONS.latestVersion() + aboveLatest);
        RequestHeaderData header = header(ApiKeys.API_VERSIONS.id, version, 42);
        try (Connection connection = new Connection()) {
            connection.feed(framed(concat(serialize(header, (short) 2), body)), 1 << 16);
            assertThat(connection.channel.isOpen()).isTrue();
            ByteBuffer answer = ByteBuffer.wrap(connection.answer());
            assertThat(answer.getInt()).isEqualTo(answer.remaining());
            assertThat(ResponseHeader.parse(answer, (short) 0).correlationId()).isEqualTo(42);
            ApiVersionsResponseData response = new ApiVersionsResponseData(new ByteBufferAccessor(answer), (short) 0);
            assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.UNSUPPORTED_VERSION);
            connection.assertContained();
        }
    }

    @Property(tries = 500)
    void aServedRequestWithHugeLengthFieldsIsRefusedWithoutTrustingThem(
            @ForAll("servedHeaders") byte[] header, @ForAll("hostileBodies") byte[] body) {
        try (Connection connection = new Connection()) {
            connection.feed(framed(concat(header, body)), 1 << 16);
            // A body that happens to parse gets an answer; the rest close their connection.
            if (!connection.channel.isOpen()) {
                assertThat(connection.closeReasons()).singleElement().asString().contains("malformed");
            }
            connection.assertContained();
        }
        assertFreshConnectionIsAnswered();
    }

    /** After whatever the property sent on its own connection, a new one is still served. */
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
    @Provide
    Arbitrary<byte[]> hostileStreams() {
        Arbitrary<byte[]> randomFrame = Arbitraries.bytes().array(byte[].class).ofMaxSize(MAX_FRAME_BYTES + 64)
                .map(KafkaFramingPropertyTest::framed);
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(4096),
                randomFrame.list().ofMaxSize(4).map(frames -> concat(frames.toArray(byte[][]::new))));
    }

    @Provide
    Arbitrary<Integer> lengthsAboveTheLimit() {
        return Arbitraries.oneOf(
                Arbitraries.of(MAX_FRAME_BYTES + 1, Integer.MAX_VALUE, Integer.MIN_VALUE, -1),
                Arbitraries.integers().between(MAX_FRAME_BYTES + 1, Integer.MAX_VALUE),
                Arbitraries.integers().between(Integer.MIN_VALUE, -1));
    }

    /** Headers of requests this listener serves, at versions it serves, with a random body. */
    @Provide
    Arbitrary<byte[]> validHeaders() {
        return Combinators.combine(servedHeaders(), Arbitraries.bytes().array(byte[].class).ofMaxSize(200))
                .as(KafkaFramingPropertyTest::concat);
    }

    @Provide
    Arbitrary<byte[]> servedHeaders() {
        List<short[]> served = new ArrayList<>();
        for (ApiKeys key : ApiKeys.values()) {
            handlers.forKey(key).ifPresent(handler -> served.add(new short[] {key.id, handler.oldestVersion(),
                    handler.latestVersion()}));
        }
        return Arbitraries.of(served).flatMap(api -> Arbitraries.shorts().between(api[1], api[2])
                .map(version -> {
                    short headerVersion = ApiKeys.forId(api[0]).requestHeaderVersion(version);
                    return serialize(header(api[0], version, 1), headerVersion);
                }));
    }

    /** Headers naming an API that is not served, a version outside the served range, or no API at all. */
    @Provide
    Arbitrary<byte[]> unservedHeaders() {
        Arbitrary<short[]> unknownKeys = Arbitraries.shorts()
                .filter(id -> !ApiKeys.hasId(id))
                .flatMap(id -> Arbitraries.shorts().map(version -> new short[] {id, version}));
        Arbitrary<short[]> unservedKeys = Arbitraries.of(Arrays.stream(ApiKeys.values())
                        .filter(key -> handlers.forKey(key).isEmpty()).toList())
                .flatMap(key -> Arbitraries.shorts().map(version -> new short[] {key.id, version}));
        Arbitrary<short[]> unservedVersions = Arbitraries.of(Arrays.stream(ApiKeys.values())
                        .filter(key -> key != ApiKeys.API_VERSIONS && handlers.forKey(key).isPresent()).toList())
                .flatMap(key -> {
                    ApiHandler handler = handlers.forKey(key).orElseThrow();
                    return Arbitraries.oneOf(
                            Arbitraries.shorts().between(Short.MIN_VALUE, (short) (handler.oldestVersion() - 1)),
                            Arbitraries.shorts().between((short) (handler.latestVersion() + 1), Short.MAX_VALUE))
                            .map(version -> new short[] {key.id, version});
                });
        return Combinators.combine(Arbitraries.oneOf(unknownKeys, unservedKeys, unservedVersions),
                        Arbitraries.of((short) 1, (short) 2), Arbitraries.bytes().array(byte[].class).ofMaxSize(64))
                .as((api, headerVersion, body) -> concat(serialize(header(api[0], api[1], 1), headerVersion), body));
    }

    /** Bodies made of random bytes and length fields that claim far more than the frame holds. */
    @Provide
    Arbitrary<byte[]> hostileBodies() {
        Arbitrary<byte[]> piece = Arbitraries.oneOf(Arbitraries.of(HUGE_LENGTH_FIELDS),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(8));
        return piece.list().ofMaxSize(24).map(pieces -> concat(pieces.toArray(byte[][]::new)));
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

        final EmbeddedChannel channel = new EmbeddedChannel(new KafkaConnectionInitializer(MAX_FRAME_BYTES, handlers,
                meters));
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
