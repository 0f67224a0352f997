package io.quire.spi.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SharedSecretTest {

    private static final String PREFIX = "replication.test.";
    private static final ConfigKey<String> SECRET = ConfigKey.ofString("secret", null, "the test plugin's secret");
    private static final String CLUSTER_SECRET = "the cluster's one secret";
    private static final String OWN_SECRET = "this plugin's own secret";

    @Test
    void thePluginsOwnKeyWinsOverTheClusterSecret() {
        assertThat(resolve(Map.of("secret", OWN_SECRET), Optional.of(CLUSTER_SECRET)))
                .isEqualTo(OWN_SECRET.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void withoutItsOwnKeyThePluginUsesTheClusterSecret() {
        assertThat(resolve(Map.of(), Optional.of(CLUSTER_SECRET)))
                .isEqualTo(CLUSTER_SECRET.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void withNeitherTheErrorNamesBothKeys() {
        assertThatThrownBy(() -> resolve(Map.of(), Optional.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Config key 'cluster.secret' or 'replication.test.secret' is required");
    }

    @Test
    void aShortSecretIsRefusedNamingTheKeyItCameFromButNeverTheSecret() {
        assertThatThrownBy(() -> resolve(Map.of(), Optional.of("short one")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Config key 'cluster.secret' must be at least 16 bytes long");
        assertThatThrownBy(() -> resolve(Map.of("secret", "short one"), Optional.of(CLUSTER_SECRET)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Config key 'replication.test.secret' must be at least 16 bytes long");
    }

    private static byte[] resolve(Map<String, String> values, Optional<String> clusterSecret) {
        return SharedSecret.resolve(new TestContext(1, values, Map.of(), clusterSecret), PREFIX, SECRET, 16);
    }
}
