package io.quire.wal.mapdb;

import static io.quire.wal.mapdb.WalFixtures.appendDurably;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.quire.spi.plugin.ConfigException;
import io.quire.spi.plugin.ConfigKey;
import io.quire.spi.plugin.PluginContext;
import io.quire.spi.plugin.PluginSettings;
import io.quire.spi.wal.MetadataWal;
import io.quire.spi.wal.WalProvider;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapDbWalProviderTest {

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
            return raw == null ? key.defaultValue() : key.parse("wal.mapdb." + key.name(), raw);
        }
    }

    @Test
    void serviceLoaderFindsTheProviderByName() {
        assertThat(ServiceLoader.load(WalProvider.class).stream().map(ServiceLoader.Provider::get))
                .anySatisfy(provider -> {
                    assertThat(provider).isInstanceOf(MapDbWalProvider.class);
                    assertThat(provider.name()).isEqualTo("mapdb");
                    assertThat(provider.description()).isNotBlank();
                });
    }

    @Test
    void declaresItsKeysWithDefaults() {
        assertThat(new MapDbWalProvider().configKeys())
                .extracting(ConfigKey::name, ConfigKey::defaultValue)
                .containsExactly(tuple("max-record-bytes", 16 << 20), tuple("checkpoint-bytes", 32L << 20));
    }

    @Test
    void rejectsInvalidSettings() {
        assertThatThrownBy(() -> MapDbWalProvider.MAX_RECORD_BYTES.parse("wal.mapdb.max-record-bytes", "0"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> MapDbWalProvider.MAX_RECORD_BYTES.parse("wal.mapdb.max-record-bytes", (1 << 30) + 1))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("at most");
        assertThatThrownBy(() -> MapDbWalProvider.CHECKPOINT_BYTES.parse("wal.mapdb.checkpoint-bytes", "1000"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("at least 65536");
    }

    @Test
    void createOpensTheWalInTheDataDirWithTheConfiguredSettings() throws Exception {
        MapContext context = new MapContext(dir, Map.of("max-record-bytes", "3000", "checkpoint-bytes", "65536"));

        try (MetadataWal wal = new MapDbWalProvider().create(context)) {
            for (int i = 0; i < 40; i++) {
                appendDurably(wal, 1, WalFixtures.payload(3000, i));
            }
            assertThat(((MapDbWal) wal).checkpointCount()).as("checkpoints of a 64 KiB journal").isPositive();
            assertThat(wal.append(1, new byte[3001])).isCompletedExceptionally();
        }
        assertThat(WalFixtures.storeFile(dir)).exists();
        try (MetadataWal wal = new MapDbWalProvider().create(new MapContext(dir, Map.of()))) {
            assertThat(wal.endOffset()).isEqualTo(40);
            assertThat(wal.read(0, 40)).allSatisfy(record -> assertThat(record.payload())
                    .isEqualTo(WalFixtures.payload(3000, (int) record.offset())));
        }
    }
}
