package io.quire.launcher.config;

import static io.quire.tck.fuzz.SeededExamples.between;
import static io.quire.tck.fuzz.SeededExamples.bytes;
import static io.quire.tck.fuzz.SeededExamples.forEachExample;
import static io.quire.tck.fuzz.SeededExamples.size;
import static org.assertj.core.api.Assertions.assertThat;

import io.quire.launcher.plugins.PluginKind;
import io.quire.launcher.plugins.PluginRegistry;
import io.quire.spi.plugin.ConfigException;
import io.quire.spi.plugin.ConfigKey;
import io.quire.spi.plugin.PluginProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Arbitrary config files and {@code --set} overrides: loading either gives a config whose every
 * accessor answers, or fails with a {@link ConfigException} whose message says what is wrong; no
 * other exception (NullPointerException, ClassCastException, NumberFormatException, Jackson's) gets out.
 *
 * <p>Each random test draws its examples from seeded {@link Random}s (see {@link io.quire.tck.fuzz.SeededExamples}); a
 * failure names the seed and the example, and {@code -Dquire.fuzz.seed=<seed> -Dquire.fuzz.example=<index>}
 * replays it.
 */
class ConfigLoadingFuzzTest {

    private static final PluginRegistry PLUGINS =
            PluginRegistry.discover(ConfigLoadingFuzzTest.class.getClassLoader());
    /** Every key a user can write: the node's and each installed plugin's. */
    private static final List<String> KNOWN_KEYS = allKeys();
    /** Pieces of YAML with a meaning to the parser, to mix into the text around the keys. */
    private static final List<String> YAML_PIECES = List.of(": ", ":", "\n", "\n  ", "\n    ", "- ", "  - ", "{", "}",
            "[", "]", ", ", "&anchor ", "*anchor", "!!binary ", "!!int ", "!!float ", "!!str ", "!!map ", "!!seq ",
            "!custom ", "~", "null", "true", "no", "0x1F", "1e400", "-0", "99999999999999999999", ".inf", "'", "\"",
            "# comment", "---\n", "...\n", "? ", "<<: ", "|\n  ", ">\n  ", "\t", "%YAML 1.2\n", "${env:HOME}",
            "${env:QUIRE_UNSET}", "1=127.0.0.1:9092,2=[::1]:9093", "\u0000", "\uFEFF", "\u2028", "\uD800");

    /** Values at the edges of each key's type and range, and values no key takes. */
    private static final List<String> HOSTILE_VALUES = List.of("0", "-1", "65536", "2147483648", "1.5", "true",
            "false", "none", "quorum", "leader", "", " ", "file", "mapdb", "tcp", "hazelcast", "static", "ratis",
            "kafka-metadata", "1=127.0.0.1:9092", "1=h:0", "1=h:99999", "x=h:1", "1=[::1]:9092,1=[::1]:9093",
            "2=127.0.0.1:9092", "${env:HOME}", "${env:QUIRE_UNSET}", "data\u0000dir", "\u0000");

    private static Path dir;

    @BeforeAll
    static void createDirectory() throws IOException {
        dir = Files.createTempDirectory("quire-config-fuzz");
    }

    @AfterAll
    static void deleteDirectory() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    /** Fewer examples than the others: each writes a file and starts a YAML parser. */
    @Test
    void anyConfigFileLoadsOrFailsWithAConfigException() {
        forEachExample("anyConfigFileLoadsOrFailsWithAConfigException", 500, (random, index) -> {
            String text = configText(random);
            Path file = dir.resolve("quire.yaml");
            // getBytes, unlike writeString, writes a lone surrogate (as '?') instead of failing.
            Files.write(file, text.getBytes(StandardCharsets.UTF_8));
            assertLoadsOrRefuses(() -> RawConfig.fromYaml(file));
        });
    }

    @Test
    void anyBytesAsAConfigFileLoadOrFailWithAConfigException() {
        forEachExample("anyBytesAsAConfigFileLoadOrFailWithAConfigException", 500, (random, index) -> {
            byte[] bytes = bytes(random, 255);
            Path file = dir.resolve("quire.bin.yaml");
            Files.write(file, bytes);
            assertLoadsOrRefuses(() -> RawConfig.fromYaml(file));
        });
    }

    @Test
    void anyOverridesLoadOrFailWithAConfigException() {
        forEachExample("anyOverridesLoadOrFailWithAConfigException", 1000, (random, index) -> {
            List<String> overrides = list(random, 6, ConfigLoadingFuzzTest::override);
            assertLoadsOrRefuses(() -> RawConfig.empty().withOverrides(overrides));
        });
    }

    /** Every listed value for every key, each alone, so that the rest stays at its defaults. */
    @Test
    void everyHostileValueOfEveryKnownKeyLoadsOrFailsWithAConfigException() {
        int cases = 0;
        for (String key : KNOWN_KEYS) {
            for (String value : HOSTILE_VALUES) {
                try {
                    assertLoadsOrRefuses(() -> RawConfig.empty().withOverrides(List.of(key + "=" + value)));
                } catch (Throwable failure) {
                    throw new AssertionError("failed for " + key + "=" + value, failure);
                }
                cases++;
            }
        }
        assertThat(cases).isEqualTo(KNOWN_KEYS.size() * HOSTILE_VALUES.size());
    }

    /** One key at a time, so that the rest stays at its defaults and the value gets all the way in. */
    @Test
    void anyValueOfAnyKnownKeyLoadsOrFailsWithAConfigException() {
        forEachExample("anyValueOfAnyKnownKeyLoadsOrFailsWithAConfigException", 1000, (random, index) -> {
            String key = pick(random, KNOWN_KEYS);
            String value = value(random);
            assertLoadsOrRefuses(() -> RawConfig.empty().withOverrides(List.of(key + "=" + value)));
        });
    }

    /**
     * Loads and resolves (with an environment of one variable), then asks the config everything the
     * node asks it at start; a refusal must be a ConfigException with a message.
     */
    private static void assertLoadsOrRefuses(RawSource source) {
        try {
            NodeConfig config = NodeConfig.resolve(source.load(), PLUGINS, Map.of("HOME", "/home/quire"));
            askEverything(config);
        } catch (ConfigException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    private static void askEverything(NodeConfig config) {
        NodeKeys.all().forEach(config::get);
        config.nodeId();
        config.dataDir();
        config.clusterMembers();
        config.clusterSecret();
        config.kafkaPort();
        config.httpPort();
        config.advertisedHost();
        for (PluginKind kind : PluginKind.values()) {
            config.plugin(kind).ifPresent(provider -> provider.configKeys()
                    .forEach(key -> config.settings(kind, provider.name()).get(key)));
        }
    }

    private interface RawSource {
        RawConfig load();
    }

    /** Text made of known keys, random words and YAML's own syntax, or random text. */
    private static String configText(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> String.join("", list(random, 40, r -> switch (r.nextInt(4)) {
                case 0 -> pick(r, KNOWN_KEYS);
                case 1 -> pick(r, YAML_PIECES);
                case 2 -> value(r);
                default -> string(r, 12);
            }));
            case 1 -> String.join("\n", list(random, 8, r -> {
                String key = pick(r, KNOWN_KEYS);
                String indent = pick(r, List.of("", "  ", "    "));
                return indent + key.replace(".", ":\n" + indent + "  ") + ": " + value(r);
            }));
            default -> string(random, 200);
        };
    }

    /** A key (known, or any text), an equals sign and a value; or any text. */
    private static String override(Random random) {
        if (random.nextBoolean()) {
            return string(random, 40);
        }
        String key = random.nextBoolean() ? pick(random, KNOWN_KEYS) : string(random, 20);
        return key + pick(random, List.of("=", " = ", "==")) + value(random);
    }

    /** Values of every type a key takes, out of range or of the wrong type as often as not. */
    private static String value(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> String.valueOf((int) between(random, Integer.MIN_VALUE, Integer.MAX_VALUE));
            case 1 -> String.valueOf(between(random, Long.MIN_VALUE, Long.MAX_VALUE));
            case 2 -> pick(random, HOSTILE_VALUES);
            default -> string(random, 20);
        };
    }

    /** Up to {@code maxLength} of any characters but the noncharacters, lone surrogates included. */
    private static String string(Random random, int maxLength) {
        char[] chars = new char[size(random, maxLength)];
        for (int i = 0; i < chars.length; i++) {
            char c;
            do {
                c = (char) between(random, Character.MIN_VALUE, Character.MAX_VALUE);
            } while (c >= '\ufdd0' && c <= '\ufdef' || c >= '\ufffe');
            chars[i] = c;
        }
        return new String(chars);
    }

    private static <T> T pick(Random random, List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    private static <T> List<T> list(Random random, int maxSize, Function<Random, T> element) {
        int count = size(random, maxSize);
        List<T> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(element.apply(random));
        }
        return list;
    }

    private static List<String> allKeys() {
        List<String> keys = new ArrayList<>(NodeKeys.all().stream().map(ConfigKey::name).toList());
        for (PluginKind kind : PluginKind.values()) {
            for (PluginProvider<?> provider : PLUGINS.providers(kind)) {
                provider.configKeys().forEach(key -> keys.add(kind.prefix() + "." + provider.name() + "." + key.name()));
            }
        }
        return List.copyOf(keys);
    }
}
