package io.quire.replication.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quire.spi.plugin.ConfigException;
import io.quire.spi.plugin.ConfigKey;
import io.quire.spi.plugin.PluginContext;
import io.quire.spi.plugin.PluginSettings;
import io.quire.spi.replication.ReplicationTransport;
import io.quire.spi.replication.ReplicationTransportProvider;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HazelcastReplicationProviderTest {

    @TempDir
    Path dir;

    private PluginContext context(int nodeId, Map<String, Object> values) {
        PluginSettings settings = new PluginSettings() {
            @Override
            public <V> V get(ConfigKey<V> key) {
                Object raw = values.get(key.name());
                return raw == null ? key.defaultValue() : key.parse(HazelcastReplicationProvider.PREFIX + key.name(), raw);
            }
        };
        return new PluginContext() {
            @Override
            public int nodeId() {
                return nodeId;
            }

            @Override
            public Path dataDir() {
                return dir;
            }

            @Override
            public PluginSettings settings() {
                return settings;
            }
        };
    }

    private static Map<String, Object> valid() {
        Map<String, Object> values = new HashMap<>();
        values.put("members", "1=127.0.0.1:5701,2=127.0.0.1:5702,3=127.0.0.1:5703");
        values.put("secret", "sixteen bytes at least");
        return values;
    }

    @Test
    void isFoundByServiceLoaderUnderItsName() {
        assertThat(ServiceLoader.load(ReplicationTransportProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("hazelcast"))).hasSize(1);
    }

    @Test
    void declaresItsKeys() {
        assertThat(new HazelcastReplicationProvider().configKeys()).extracting(ConfigKey::name)
                .containsExactly("host", "port", "members", "cluster-name", "secret", "ring-capacity", "batch-records",
                        "failure-timeout-seconds");
        assertThat(HazelcastReplicationProvider.PORT.defaultValue()).isEqualTo(5701);
        assertThat(HazelcastReplicationProvider.HOST.defaultValue()).isEqualTo("127.0.0.1");
    }

    @Test
    void createsATransportWithoutStartingAnything() {
        ReplicationTransport transport = new HazelcastReplicationProvider().create(context(2, valid()));
        assertThat(transport).isInstanceOf(HazelcastReplicationTransport.class);
        transport.close();
    }

    @Test
    void refusesMissingOrInvalidSettings() {
        HazelcastReplicationProvider provider = new HazelcastReplicationProvider();
        Map<String, Object> noMembers = valid();
        noMembers.remove("members");
        assertThatThrownBy(() -> provider.create(context(1, noMembers))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("replication.hazelcast.members").hasMessageContaining("required");
        Map<String, Object> noSecret = valid();
        noSecret.remove("secret");
        assertThatThrownBy(() -> provider.create(context(1, noSecret))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("replication.hazelcast.secret");
        Map<String, Object> shortSecret = valid();
        shortSecret.put("secret", "too short");
        assertThatThrownBy(() -> provider.create(context(1, shortSecret))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("at least 16 bytes").hasMessageNotContaining("too short");
        assertThatThrownBy(() -> provider.create(context(9, valid()))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("must list this node");
        Map<String, Object> duplicate = valid();
        duplicate.put("members", "1=127.0.0.1:5701,2=127.0.0.1:5701");
        assertThatThrownBy(() -> provider.create(context(1, duplicate))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("listed twice");
        Map<String, Object> badPort = valid();
        badPort.put("port", "70000");
        assertThatThrownBy(() -> provider.create(context(1, badPort))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("replication.hazelcast.port");
    }
}
