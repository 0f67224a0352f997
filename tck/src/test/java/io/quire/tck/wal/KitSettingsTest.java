package io.quire.tck.wal;

import io.quire.tck.support.KitSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quire.spi.plugin.ConfigException;
import io.quire.spi.plugin.ConfigKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The kit parses a plugin's settings through its declared keys, and a mistake fails at once, naming the key. */
class KitSettingsTest {

    private static final ConfigKey<Long> SEGMENT_BYTES = ConfigKey.ofLong("segment-bytes", 1024L, "segment size")
            .atLeast(512);
    private static final ConfigKey<Boolean> SYNC = ConfigKey.ofBoolean("sync", true, "force appends");

    @Test
    void configuredValuesAreParsedAndOthersTakeTheirDefaults() {
        KitSettings settings = KitSettings.of("wal", "test", List.of(SEGMENT_BYTES, SYNC), Map.of("segment-bytes", "4096"));

        assertThat(settings.get(SEGMENT_BYTES)).isEqualTo(4096L);
        assertThat(settings.get(SYNC)).isTrue();
    }

    @Test
    void anUndeclaredKeyFailsNamingItAndTheDeclaredOnes() {
        assertThatThrownBy(() -> KitSettings.of("wal", "test", List.of(SEGMENT_BYTES, SYNC), Map.of("segment-size", "4096")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'wal.test.segment-size'")
                .hasMessageContaining("[segment-bytes, sync]");
    }

    @Test
    void aValueThatDoesNotParseFailsNamingTheKey() {
        assertThatThrownBy(() -> KitSettings.of("wal", "test", List.of(SEGMENT_BYTES), Map.of("segment-bytes", "100")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'wal.test.segment-bytes' must be at least 512");
    }

    @Test
    void readingAnUndeclaredKeyFails() {
        KitSettings settings = KitSettings.of("wal", "test", List.of(SEGMENT_BYTES), Map.of());

        assertThatThrownBy(() -> settings.get(SYNC))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'wal.test.sync'");
    }
}
