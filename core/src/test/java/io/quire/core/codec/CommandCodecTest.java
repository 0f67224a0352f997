package io.quire.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.io.Output;
import io.quire.api.command.AlterTopicConfigs;
import io.quire.api.command.CreatePartitions;
import io.quire.api.command.CreateTopic;
import io.quire.api.command.DeleteTopic;
import io.quire.api.command.MetadataCommand;
import io.quire.api.command.RegisterBroker;
import io.quire.api.metadata.BrokerInfo;
import io.quire.api.result.CommandResult;
import io.quire.api.result.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandCodecTest {

    private final CommandCodec codec = new CommandCodec();

    static Stream<MetadataCommand> commands() {
        return Stream.of(
                new CreateTopic("orders", UUID.fromString("6f1c7d3e-8a2b-4c5d-9e0f-112233445566"),
                        List.of(List.of(1, 2, 3), List.of(2, 3, 1), List.of(3, 1, 2)),
                        Map.of("retention.ms", "86400000", "cleanup.policy", "compact")),
                new CreateTopic("x", new UUID(0, 0), List.of(List.of(0)), Map.of()),
                new CreateTopic("no-partitions", new UUID(-1, -1), List.of(), Map.of()),
                new CreateTopic("empty-replicas", UUID.randomUUID(), List.of(List.of(), List.of(7)), Map.of("", "")),
                new CreateTopic("extreme-ids", UUID.randomUUID(),
                        List.of(List.of(Integer.MAX_VALUE, 0, -1, Integer.MIN_VALUE)), Map.of()),
                new CreateTopic("unicode-configs", UUID.randomUUID(), List.of(List.of(1)),
                        Map.of("note", "grüße, 中文, \uD83D\uDE80, nul\u0000", "a", "b")),
                new CreateTopic("t".repeat(249), UUID.randomUUID(), List.of(List.of(1)), Map.of("big", "v".repeat(100_000))),
                new DeleteTopic("orders", UUID.fromString("6f1c7d3e-8a2b-4c5d-9e0f-112233445566")),
                new DeleteTopic("", new UUID(Long.MIN_VALUE, Long.MAX_VALUE)),
                new RegisterBroker(new BrokerInfo(1, "127.0.0.1", 9092, null)),
                new RegisterBroker(new BrokerInfo(2, "10.0.0.2", 9093, "rack-b")),
                new RegisterBroker(new BrokerInfo(3, "host", 0, "")),
                new RegisterBroker(new BrokerInfo(Integer.MAX_VALUE, "", 65535, "r\u00e9")),
                new RegisterBroker(new BrokerInfo(-1, "negative-id.example", 1, null)),
                new CreatePartitions("orders", UUID.fromString("6f1c7d3e-8a2b-4c5d-9e0f-112233445566"), 3,
                        List.of(List.of(1, 2), List.of(2, 3))),
                new CreatePartitions("one-more", new UUID(0, 0), 1, List.of(List.of(Integer.MAX_VALUE))),
                new AlterTopicConfigs("orders", UUID.fromString("6f1c7d3e-8a2b-4c5d-9e0f-112233445566"),
                        Optional.of(Map.of("retention.ms", "500")),
                        Map.of("retention.ms", "1000", "cleanup.policy", "compact,delete")),
                new AlterTopicConfigs("cleared", new UUID(-1, -1), Optional.of(Map.of()), Map.of()),
                new AlterTopicConfigs("unconditional", new UUID(1, 2), Optional.empty(), Map.of("segment.ms", "1")));
    }

    @Test
    void newCommandsHaveTheirOwnFixedClassIdsAfterTheFirstThree() {
        // Byte 0 is the payload version, byte 1 Kryo's class id + 2: ids 100-102 are taken since V1.
        assertThat(codec.encode(new CreatePartitions("t", new UUID(0, 0), 1, List.of(List.of(1))))[1])
                .isEqualTo((byte) (103 + 2));
        assertThat(codec.encode(new AlterTopicConfigs("t", new UUID(0, 0), Optional.of(Map.of()), Map.of()))[1]).isEqualTo((byte) (104 + 2));
        assertThat(codec.encode(new CreateTopic("t", new UUID(0, 0), List.of(List.of(1)), Map.of()))[1])
                .isEqualTo((byte) (100 + 2));
    }

    @Test
    void alterTopicConfigsEncodesTheSameBytesWhateverTheMapOrder() {
        Map<String, String> forward = new LinkedHashMap<>();
        Map<String, String> backward = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            forward.put("key-" + i, "v" + i);
            backward.put("key-" + (19 - i), "v" + (19 - i));
        }
        UUID id = UUID.randomUUID();
        assertThat(codec.encode(new AlterTopicConfigs("t", id, Optional.of(backward), forward)))
                .isEqualTo(codec.encode(new AlterTopicConfigs("t", id, Optional.of(forward), backward)));
    }

    // --- AlterTopicConfigs format versions ---------------------------------------------------------

    /**
     * Format version 1, as it was written before the expected overrides existed: payload version,
     * class id 104 + 2, format version, name, topic id, resulting overrides. Built here field by
     * field so that the test does not depend on the serializer it checks.
     */
    private static byte[] alterTopicConfigsV1(String name, UUID id, Map<String, String> configs) {
        try (Output out = new Output(128, -1)) {
            out.writeByte(1);
            out.writeVarInt(104 + 2, true);
            out.writeVarInt(1, true);
            out.writeString(name);
            out.writeLong(id.getMostSignificantBits());
            out.writeLong(id.getLeastSignificantBits());
            out.writeVarInt(configs.size(), true);
            new TreeMap<>(configs).forEach((key, value) -> {
                out.writeString(key);
                out.writeString(value);
            });
            return out.toBytes();
        }
    }

    @Test
    void aFormatVersion1AlterTopicConfigsStillDecodesAsAnUnconditionalCommand() {
        UUID id = UUID.fromString("6f1c7d3e-8a2b-4c5d-9e0f-112233445566");
        byte[] v1 = alterTopicConfigsV1("orders", id, Map.of("retention.ms", "1000", "cleanup.policy", "compact"));

        assertThat(codec.decode(v1)).isEqualTo(new AlterTopicConfigs("orders", id, Optional.empty(),
                Map.of("retention.ms", "1000", "cleanup.policy", "compact")));
    }

    @Test
    void alterTopicConfigsIsWrittenInFormatVersion2WithItsExpectation() {
        UUID id = new UUID(0, 0);
        byte[] conditional = codec.encode(new AlterTopicConfigs("t", id, Optional.of(Map.of("a", "1")), Map.of("a", "2")));
        byte[] v1 = alterTopicConfigsV1("t", id, Map.of("a", "2"));

        assertThat(conditional[2]).as("format version").isEqualTo((byte) 2);
        // V2 is V1's fields, then the presence flag and the expected overrides.
        assertThat(Arrays.copyOfRange(conditional, 3, v1.length)).isEqualTo(Arrays.copyOfRange(v1, 3, v1.length));
        assertThat(conditional[v1.length]).as("presence flag").isEqualTo((byte) 1);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 127})
    void anUnknownAlterTopicConfigsFormatVersionIsRefused(int version) {
        byte[] encoded = codec.encode(new AlterTopicConfigs("t", new UUID(0, 0), Optional.of(Map.of()), Map.of()));
        encoded[2] = (byte) version;

        assertThatThrownBy(() -> codec.decode(encoded)).isExactlyInstanceOf(CodecException.class)
                .hasMessageContaining("AlterTopicConfigs format version " + version);
    }

    @Test
    void anAlterTopicConfigsPresenceFlagOtherThan0Or1IsRefused() {
        byte[] encoded = codec.encode(new AlterTopicConfigs("t", new UUID(0, 0), Optional.empty(), Map.of()));
        encoded[encoded.length - 1] = 2;

        assertThatThrownBy(() -> codec.decode(encoded)).isExactlyInstanceOf(CodecException.class)
                .hasMessageContaining("flag");
    }

    static Stream<CommandResult> results() {
        Stream<CommandResult> failures = Arrays.stream(ErrorCode.values())
                .filter(code -> code != ErrorCode.NONE)
                .flatMap(code -> Stream.of(
                        CommandResult.failure(code, "Topic 'orders' failed: " + code),
                        CommandResult.failure(code, null),
                        CommandResult.failure(code, "")));
        return Stream.concat(Stream.of(CommandResult.OK, new CommandResult(ErrorCode.NONE, "done")), failures);
    }

    // --- round trips ------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("commands")
    void everyCommandRoundTrips(MetadataCommand command) {
        byte[] encoded = codec.encode(command);

        assertThat(codec.decode(encoded)).isEqualTo(command);
        assertThat(codec.encode(codec.decode(encoded))).as("re-encoding").isEqualTo(encoded);
    }

    @Test
    void aNullRackAndAnEmptyRackStayDistinct() {
        MetadataCommand none = codec.decode(codec.encode(new RegisterBroker(new BrokerInfo(1, "h", 1, null))));
        MetadataCommand empty = codec.decode(codec.encode(new RegisterBroker(new BrokerInfo(1, "h", 1, ""))));

        assertThat(((RegisterBroker) none).broker().rack()).isNull();
        assertThat(((RegisterBroker) empty).broker().rack()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("results")
    void everyCommandResultRoundTrips(CommandResult result) {
        assertThat(codec.decodeResult(codec.encodeResult(result))).isEqualTo(result);
    }

    @Test
    void theCodecIsSafeToShareBetweenThreads() throws Exception {
        List<MetadataCommand> commands = commands().toList();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Void>> runs = IntStream.range(0, 8)
                    .mapToObj(thread -> CompletableFuture.runAsync(() -> {
                        for (int i = 0; i < 2_000; i++) {
                            MetadataCommand command = commands.get((i + thread) % commands.size());
                            assertThat(codec.decode(codec.encode(command))).isEqualTo(command);
                        }
                    }, threads))
                    .toList();
            CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
    }

    // --- canonical configs ------------------------------------------------------------------------

    @Test
    void configsEncodeToTheSameBytesWhateverTheMapOrder() {
        List<Map.Entry<String, String>> entries = IntStream.range(0, 60)
                .mapToObj(i -> Map.entry("config." + Integer.toString(i * 7919, 36), "value-" + i))
                .toList();
        List<Map<String, String>> maps = new ArrayList<>();
        maps.add(new TreeMap<>(linked(entries)));
        maps.add(linked(entries));
        List<Map.Entry<String, String>> reversed = new ArrayList<>(entries);
        Collections.reverse(reversed);
        maps.add(linked(reversed));
        for (long seed = 0; seed < 10; seed++) {
            List<Map.Entry<String, String>> shuffled = new ArrayList<>(entries);
            Collections.shuffle(shuffled, new Random(seed));
            maps.add(linked(shuffled));
        }
        UUID id = UUID.randomUUID();

        List<byte[]> encodings = maps.stream()
                .map(configs -> codec.encode(new CreateTopic("configured", id, List.of(List.of(1)), configs)))
                .toList();

        for (byte[] encoding : encodings) {
            assertThat(encoding).isEqualTo(encodings.get(0));
        }
        assertThat(((CreateTopic) codec.decode(encodings.get(0))).configs()).isEqualTo(maps.get(0));
    }

    private static Map<String, String> linked(List<Map.Entry<String, String>> entries) {
        Map<String, String> map = new LinkedHashMap<>();
        entries.forEach(entry -> map.put(entry.getKey(), entry.getValue()));
        return map;
    }

    // --- what is not a command --------------------------------------------------------------------

    @Test
    void emptyBytesAreRefused() {
        assertThatThrownBy(() -> codec.decode(new byte[0])).isExactlyInstanceOf(CodecException.class);
        assertThatThrownBy(() -> codec.decodeResult(new byte[0])).isExactlyInstanceOf(CodecException.class);
    }

    @ParameterizedTest
    @ValueSource(bytes = {0, 2, 3, 42, 127, -128, -1})
    void anUnknownPayloadVersionIsRefused(byte version) {
        for (MetadataCommand command : commands().toList()) {
            byte[] encoded = codec.encode(command);
            encoded[0] = version;

            assertThatThrownBy(() -> codec.decode(encoded))
                    .isExactlyInstanceOf(CodecException.class)
                    .hasMessageContaining("version");
        }
        byte[] result = codec.encodeResult(CommandResult.OK);
        result[0] = version;
        assertThatThrownBy(() -> codec.decodeResult(result)).isExactlyInstanceOf(CodecException.class);
    }

    @Test
    void everyTruncationOfAnEncodedCommandIsRefused() {
        for (MetadataCommand command : commands().toList()) {
            byte[] encoded = codec.encode(command);
            // The 100 kB config value: every cut inside it fails the same way, so step over it.
            int step = encoded.length > 10_000 ? 97 : 1;
            for (int length = 0; length < encoded.length; length += step) {
                byte[] truncated = Arrays.copyOf(encoded, length);
                assertThatThrownBy(() -> codec.decode(truncated))
                        .as("%s cut to %d of %d bytes", command.getClass().getSimpleName(), length, encoded.length)
                        .isExactlyInstanceOf(CodecException.class);
            }
        }
    }

    @Test
    void everyTruncationOfAnEncodedResultIsRefused() {
        byte[] encoded = codec.encodeResult(CommandResult.failure(ErrorCode.TOPIC_ALREADY_EXISTS, "exists"));
        for (int length = 0; length < encoded.length; length++) {
            byte[] truncated = Arrays.copyOf(encoded, length);
            assertThatThrownBy(() -> codec.decodeResult(truncated)).isExactlyInstanceOf(CodecException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 100})
    void trailingBytesAfterACommandAreRefused(int extra) {
        for (MetadataCommand command : commands().toList()) {
            byte[] encoded = codec.encode(command);
            byte[] longer = Arrays.copyOf(encoded, encoded.length + extra);

            assertThatThrownBy(() -> codec.decode(longer))
                    .isExactlyInstanceOf(CodecException.class)
                    .hasMessageContaining("trailing");
        }
        byte[] result = codec.encodeResult(CommandResult.OK);
        assertThatThrownBy(() -> codec.decodeResult(Arrays.copyOf(result, result.length + extra)))
                .isExactlyInstanceOf(CodecException.class);
    }

    @Test
    void aResultIsNotACommandAndACommandIsNotAResult() {
        byte[] result = codec.encodeResult(CommandResult.OK);
        byte[] command = codec.encode(new DeleteTopic("orders", UUID.randomUUID()));

        assertThatThrownBy(() -> codec.decode(result)).isExactlyInstanceOf(CodecException.class)
                .hasMessageContaining("MetadataCommand");
        assertThatThrownBy(() -> codec.decodeResult(command)).isExactlyInstanceOf(CodecException.class)
                .hasMessageContaining("CommandResult");
    }

    /**
     * Kryo's strings start with a flagged varint: the first byte 0xFF says "UTF-8, more bytes
     * follow"; {@code FF FF FF FF 0F} is 2^31 - 1 (2^31 - 2 characters), {@code FF FF FF FF 1F} is
     * negative. Without a check, the first makes Kryo allocate a char array beyond the VM's limit
     * (OutOfMemoryError) and the second fails with StringIndexOutOfBoundsException.
     */
    @Test
    void garbageIsRefused() {
        byte[] hugeLength = {-1, -1, -1, -1, 0x0F};
        byte[] negativeLength = {-1, -1, -1, -1, 0x1F};
        List<byte[]> garbage = List.of(
                "hello, world".getBytes(StandardCharsets.UTF_8),
                new byte[] {1},
                new byte[] {1, 0},                                  // Kryo's null
                new byte[] {1, 3, 'a', 'b', (byte) ('c' | 0x80)},   // Kryo's String (id 1 + 2), not a command
                new byte[] {1, 4, 0, 0, 0, 1},                      // a primitive
                new byte[] {1, 99, 1},                              // an unregistered class id
                new byte[] {1, -1, -1, -1, -1, 0x0F},               // a class id out of range
                new byte[] {1, 102, 1},                             // CreateTopic with nothing after the version
                new byte[] {1, 102, 2, 0},                          // CreateTopic of an unknown format version
                padded(new byte[] {1, 3}, hugeLength),              // a String claiming 2^31 - 2 characters
                padded(new byte[] {1, 3}, negativeLength),          // a String of negative length
                padded(new byte[] {1, 1, 0}, hugeLength),           // a class given by name, 2^31 - 2 characters long
                padded(new byte[] {1, 1, 0}, negativeLength),       // a class name of negative length
                padded(new byte[] {1, 102, 1}, hugeLength),         // a CreateTopic whose name claims 2^31 - 2 characters
                padded(new byte[] {1, 102, 1}, negativeLength),     // ... or a negative number of them
                padded(new byte[] {1, 103, 1}, hugeLength),         // the same for DeleteTopic
                padded(new byte[] {1, 104, 1, 1}, negativeLength),  // a RegisterBroker whose host has a negative length
                padded(new byte[] {1, 122, 1}, hugeLength),         // a CommandResult whose error code claims 2^31 - 2 characters
                padded(new byte[] {1, 122, 1}, negativeLength),
                filled(64, (byte) 0xFF),
                filled(64, (byte) 0x00),
                filled(4096, (byte) 0x01));

        for (byte[] bytes : garbage) {
            assertThatThrownBy(() -> codec.decode(bytes)).as("decode %s", Arrays.toString(bytes))
                    .isExactlyInstanceOf(CodecException.class);
            assertThatThrownBy(() -> codec.decodeResult(bytes)).as("decodeResult %s", Arrays.toString(bytes))
                    .isExactlyInstanceOf(CodecException.class);
        }
    }

    /** {@code head}, then {@code length}, then a few bytes of content. */
    private static byte[] padded(byte[] head, byte[] length) {
        byte[] bytes = Arrays.copyOf(head, head.length + length.length + 8);
        System.arraycopy(length, 0, bytes, head.length, length.length);
        Arrays.fill(bytes, head.length + length.length, bytes.length, (byte) 'a');
        return bytes;
    }

    /**
     * Random bytes and random corruptions of real commands either decode to a command or fail with
     * CodecException: never another exception, never an OutOfMemoryError from a length prefix.
     */
    @Test
    void randomBytesAndCorruptedCommandsFailOnlyWithCodecException() {
        Random random = new Random(20_250_101);
        List<byte[]> valid = commands().map(codec::encode).filter(bytes -> bytes.length < 1000).toList();
        int refused = 0;
        for (int i = 0; i < 100_000; i++) {
            byte[] bytes;
            if (i % 2 == 0) {
                bytes = new byte[1 + random.nextInt(48)];
                random.nextBytes(bytes);
                bytes[0] = 1;
            } else {
                bytes = valid.get(random.nextInt(valid.size())).clone();
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    bytes[1 + random.nextInt(bytes.length - 1)] = (byte) random.nextInt(256);
                }
            }
            refused += decodesOrRefuses(bytes, codec::decode);
            refused += decodesOrRefuses(bytes, codec::decodeResult);
        }
        assertThat(refused).as("most of the garbage is refused").isGreaterThan(100_000);
    }

    private static int decodesOrRefuses(byte[] bytes, Function<byte[], ?> decoder) {
        try {
            assertThat(decoder.apply(bytes)).isNotNull();
            return 0;
        } catch (CodecException expected) {
            return 1;
        } catch (Throwable other) {
            throw new AssertionError("decoding " + Arrays.toString(bytes) + " threw " + other, other);
        }
    }

    private static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, value);
        return bytes;
    }
}
