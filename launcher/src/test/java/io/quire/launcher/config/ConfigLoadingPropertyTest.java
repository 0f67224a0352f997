package io.quire.launcher.config;

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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Arbitrary config files and {@code --set} overrides: loading either gives a config whose every
 * accessor answers, or fails with a {@link ConfigException} whose message says what is wrong; no
 * other exception (NullPointerException, ClassCastException, NumberFormatException, Jackson's) gets out.
 */
class ConfigLoadingPropertyTest {

    private static final PluginRegistry PLUGINS =
            PluginRegistry.discover(ConfigLoadingPropertyTest.class.getClassLoader());
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

    @BeforeContainer
    static void createDirectory() throws IOException {
        dir = Files.createTempDirectory("quire-config-properties");
    }

    @AfterContainer
    static void deleteDirectory() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    /** Fewer tries than the default: each writes a file and starts a YAML parser. */
    @Property(tries = 500)
    void anyConfigFileLoadsOrFailsWithAConfigException(@ForAll("configTexts") String text) throws IOException {
        Path file = dir.resolve("quire.yaml");
        // getBytes, unlike writeString, writes a lone surrogate (as '?') instead of failing.
        Files.write(file, text.getBytes(StandardCharsets.UTF_8));
        assertLoadsOrRefuses(() -> RawConfig.fromYaml(file));
    }

    @Property(tries = 500)
    void anyBytesAsAConfigFileLoadOrFailWithAConfigException(@ForAll byte[] bytes) throws IOException {
        Path file = dir.resolve("quire.bin.yaml");
        Files.write(file, bytes);
        assertLoadsOrRefuses(() -> RawConfig.fromYaml(file));
    }

    @Property
    void anyOverridesLoadOrFailWithAConfigException(@ForAll("overrides") List<String> overrides) {
        assertLoadsOrRefuses(() -> RawConfig.empty().withOverrides(overrides));
    }

    /** Every listed value for every key, each alone, so that the rest stays at its defaults. */
    @Property(generation = GenerationMode.EXHAUSTIVE, tries = 10_000)
    void everyHostileValueOfEveryKnownKeyLoadsOrFailsWithAConfigException(@ForAll("knownKeys") String key,
            @ForAll("hostileValues") String value) {
        assertLoadsOrRefuses(() -> RawConfig.empty().withOverrides(List.of(key + "=" + value)));
    }

    /** One key at a time, so that the rest stays at its defaults and the value gets all the way in. */
    @Property
    void anyValueOfAnyKnownKeyLoadsOrFailsWithAConfigException(@ForAll("knownKeys") String key,
            @ForAll("values") String value) {
        assertLoadsOrRefuses(() -> RawConfig.empty().withOverrides(List.of(key + "=" + value)));
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
    @Provide
    Arbitrary<String> configTexts() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.of(KNOWN_KEYS),
                Arbitraries.of(YAML_PIECES),
                values(),
                Arbitraries.strings().ofMaxLength(12));
        Arbitrary<String> yamlish = piece.list().ofMaxSize(40).map(pieces -> String.join("", pieces));
        Arbitrary<String> lines = Combinators.combine(Arbitraries.of(KNOWN_KEYS), Arbitraries.of("", "  ", "    "),
                        values())
                .as((key, indent, value) -> indent + key.replace(".", ":\n" + indent + "  ") + ": " + value)
                .list().ofMaxSize(8).map(keyLines -> String.join("\n", keyLines));
        return Arbitraries.oneOf(yamlish, lines, Arbitraries.strings().ofMaxLength(200));
    }

    @Provide
    Arbitrary<List<String>> overrides() {
        Arbitrary<String> key = Arbitraries.oneOf(Arbitraries.of(KNOWN_KEYS), Arbitraries.strings().ofMaxLength(20));
        Arbitrary<String> override = Arbitraries.oneOf(
                Combinators.combine(key, Arbitraries.of("=", " = ", "=="), values()).as((k, eq, v) -> k + eq + v),
                Arbitraries.strings().ofMaxLength(40));
        return override.list().ofMaxSize(6);
    }

    @Provide
    Arbitrary<String> hostileValues() {
        return Arbitraries.of(HOSTILE_VALUES);
    }

    @Provide
    Arbitrary<String> knownKeys() {
        return Arbitraries.of(KNOWN_KEYS);
    }

    /** Values of every type a key takes, out of range or of the wrong type as often as not. */
    @Provide
    static Arbitrary<String> values() {
        return Arbitraries.oneOf(
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.of(HOSTILE_VALUES),
                Arbitraries.strings().ofMaxLength(20));
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
