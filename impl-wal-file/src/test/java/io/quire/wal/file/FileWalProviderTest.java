package io.quire.wal.file;

import static io.quire.wal.file.WalFixtures.appendDurably;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.quire.spi.plugin.ConfigException;
import io.quire.spi.plugin.ConfigKey;
import io.quire.spi.plugin.PluginContext;
import io.quire.spi.plugin.PluginSettings;
import io.quire.spi.wal.MetadataWal;
import io.quire.spi.wal.WalProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileWalProviderTest {

    @TempDir
    Path dir;

    /** Settings as the launcher would give them: configured values parsed by their key, else the default. */
    private record MapContext(Path dataDir, Map<String, Object> values) implements PluginContext, PluginSettings {

        @Override
        public int nodeId() {
            return 1;
        }

        @Override
        public PluginSettings settings() {
            return this;
        }

        @Override
        public <V> V get(ConfigKey<V> key) {
            Object raw = values.get(key.name());
            return raw == null ? key.defaultValue() : key.parse("wal.file." + key.name(), raw);
        }
    }

    @Test
    void serviceLoaderFindsTheProviderByName() {
        assertThat(ServiceLoader.load(WalProvider.class).stream().map(ServiceLoader.Provider::get))
                .anySatisfy(provider -> {
                    assertThat(provider).isInstanceOf(FileWalProvider.class);
                    assertThat(provider.name()).isEqualTo("file");
                    assertThat(provider.description()).isNotBlank();
                });
    }

    @Test
    void declaresItsKeysWithDefaults() {
        assertThat(new FileWalProvider().configKeys())
                .extracting(ConfigKey::name, ConfigKey::defaultValue)
                .containsExactly(
                        tuple("segment-bytes", 64L << 20),
                        tuple("max-record-bytes", 16 << 20),
                        tuple("fsync-interval-ms", 0));
    }

    @Test
    void rejectsOutOfRangeSettings() {
        assertThatThrownBy(() -> FileWalProvider.SEGMENT_BYTES.parse("wal.file.segment-bytes", 100))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("at least 4096");
        assertThatThrownBy(() -> FileWalProvider.MAX_RECORD_BYTES.parse("wal.file.max-record-bytes", "0"))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void createOpensTheWalInTheDataDirWithTheConfiguredSettings() throws Exception {
        MapContext context = new MapContext(dir, Map.of("segment-bytes", "4096", "max-record-bytes", 3000));

        try (MetadataWal wal = new FileWalProvider().create(context)) {
            appendDurably(wal, 1, new byte[3000]);
            appendDurably(wal, 1, new byte[3000]);
            assertThat(wal.append(1, new byte[3001])).isCompletedExceptionally();
        }
        assertThat(dir.resolve("00000000000000000000.wal")).exists();
        assertThat(dir.resolve("00000000000000000001.wal")).exists();
        try (MetadataWal wal = new FileWalProvider().create(new MapContext(dir, Map.of()))) {
            assertThat(wal.endOffset()).isEqualTo(2);
        }
        try (var files = Files.list(dir)) {
            assertThat(files.count()).isEqualTo(2);
        }
    }
}
