package io.quire.launcher.wiring;

import com.google.inject.AbstractModule;
import io.micrometer.core.instrument.MeterRegistry;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.quire.launcher.config.NodeConfig;
import io.quire.launcher.plugins.PluginKind;
import io.quire.spi.consensus.Consensus;
import io.quire.spi.plugin.ConfigException;
import io.quire.spi.plugin.PluginContext;
import io.quire.spi.plugin.PluginProvider;
import io.quire.spi.plugin.PluginSettings;
import io.quire.spi.replication.ReplicationTransport;
import io.quire.spi.statemachine.StateMachine;
import io.quire.spi.wal.MetadataWal;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Binds each plugin kind to the product of the provider the config selected. */
final class PluginsModule extends AbstractModule {

    private final NodeConfig config;
    private final MeterRegistry meters;

    PluginsModule(NodeConfig config, MeterRegistry meters) {
        this.config = config;
        this.meters = meters;
    }

    @Provides
    @Singleton
    Optional<MetadataWal> wal() throws IOException {
        return config.plugin(PluginKind.WAL).isPresent()
                ? Optional.of(create(PluginKind.WAL, MetadataWal.class))
                : Optional.empty();
    }

    @Provides
    @Singleton
    StateMachine stateMachine() throws IOException {
        return create(PluginKind.STATE_MACHINE, StateMachine.class);
    }

    @Provides
    @Singleton
    Optional<ReplicationTransport> replication() throws IOException {
        return config.plugin(PluginKind.REPLICATION).isPresent()
                ? Optional.of(create(PluginKind.REPLICATION, ReplicationTransport.class))
                : Optional.empty();
    }

    @Provides
    @Singleton
    Consensus consensus() throws IOException {
        return create(PluginKind.CONSENSUS, Consensus.class);
    }

    private <T> T create(PluginKind kind, Class<T> type) throws IOException {
        PluginProvider<?> provider = config.plugin(kind).orElseThrow();
        Path dir = DataDirectory.pluginDir(config.dataDir(), kind.prefix(), provider.name());
        PluginSettings settings = config.settings(kind, provider.name());
        int nodeId = config.nodeId();
        Object plugin = provider.create(new PluginContext() {
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

            @Override
            public MeterRegistry meters() {
                return meters;
            }

            @Override
            public Map<Integer, InetSocketAddress> clusterMembers() {
                return config.clusterMembers();
            }

            @Override
            public Optional<String> clusterSecret() {
                return config.clusterSecret();
            }
        });
        if (!type.isInstance(plugin)) {
            throw new ConfigException(kind.selectorKey() + ": plugin '" + provider.name() + "' created a "
                    + plugin.getClass().getName() + ", not a " + type.getSimpleName());
        }
        return type.cast(plugin);
    }
}
