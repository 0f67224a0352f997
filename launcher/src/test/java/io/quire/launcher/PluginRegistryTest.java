package io.quire.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quire.launcher.plugins.PluginKind;
import io.quire.launcher.plugins.PluginRegistry;
import io.quire.spi.plugin.ConfigException;
import io.quire.spi.plugin.PluginContext;
import io.quire.spi.wal.MetadataWal;
import io.quire.spi.wal.WalProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Discovery of plugins by name, and the failures a user sees. */
class PluginRegistryTest {

    @Test
    void discoversTheBuiltInPluginsOfEachKind() {
        PluginRegistry registry = PluginRegistry.discover(getClass().getClassLoader());
        assertThat(registry.find(PluginKind.WAL, "file")).isPresent();
        assertThat(registry.find(PluginKind.CONSENSUS, "static")).isPresent();
        assertThat(registry.find(PluginKind.STATE_MACHINE, "kafka-metadata")).isPresent();
        assertThat(registry.find(PluginKind.WAL, "mapdb")).isPresent();
        assertThat(registry.find(PluginKind.REPLICATION, "tcp")).isPresent();
        assertThat(registry.find(PluginKind.REPLICATION, "hazelcast")).isPresent();
        assertThat(registry.describeAvailable(PluginKind.REPLICATION)).startsWith("none (no replication), ")
                .contains("hazelcast (", "tcp (");
    }

    @Test
    void twoPluginsOfOneKindWithTheSameNameFailNamingBoth() {
        List<WalProvider> providers = new ArrayList<>();
        ServiceLoader.load(WalProvider.class).forEach(providers::add);
        providers.add(new ImpostorWal());
        assertThatThrownBy(() -> PluginRegistry.of(providers))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Two wal plugins are named 'file'")
                .hasMessageContaining("FileWalProvider")
                .hasMessageContaining(ImpostorWal.class.getName());
    }

    @Test
    void theReservedNameNoneIsRefused() {
        assertThatThrownBy(() -> PluginRegistry.of(List.of(new NamedWal("none"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("reserved name 'none'");
    }

    @Test
    void originTellsModuleOrClassPath() {
        assertThat(PluginRegistry.origin(new ImpostorWal())).contains("[class path");
    }

    /** A third-party WAL that took the built-in's name. */
    private static final class ImpostorWal extends NamedWal {
        ImpostorWal() {
            super("file");
        }
    }

    private static class NamedWal implements WalProvider {
        private final String name;

        NamedWal(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String description() {
            return "a test double that is never created";
        }

        @Override
        public MetadataWal create(PluginContext context) {
            throw new UnsupportedOperationException("never selected in these tests");
        }
    }
}
