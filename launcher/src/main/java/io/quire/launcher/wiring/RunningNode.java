package io.quire.launcher.wiring;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import com.google.inject.ProvisionException;
import io.quire.api.metadata.BrokerInfo;
import io.quire.core.engine.MetadataEngine;
import io.micrometer.core.instrument.MeterRegistry;
import io.quire.kafka.server.KafkaListener;
import io.quire.launcher.ops.NodeMeters;
import io.quire.launcher.ops.OpsServer;
import io.quire.launcher.config.NodeConfig;
import io.quire.launcher.config.NodeKeys;
import io.quire.launcher.plugins.PluginKind;
import io.quire.launcher.plugins.PluginRegistry;
import io.quire.spi.consensus.Consensus;
import io.quire.spi.plugin.ConfigException;
import io.quire.spi.plugin.ListensForPeers;
import io.quire.spi.replication.ReplicationTransport;
import io.quire.spi.wal.MetadataWal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node whose parts Guice built from the config: it recovers, listens, joins consensus and
 * registers itself; {@link #close()} stops the parts in reverse order.
 */
public final class RunningNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunningNode.class);
    private static final Key<Optional<MetadataWal>> WAL = Key.get(new TypeLiteral<Optional<MetadataWal>>() {});
    private static final Key<Optional<ReplicationTransport>> REPLICATION =
            Key.get(new TypeLiteral<Optional<ReplicationTransport>>() {});

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private int nodeId;
    private MetadataEngine engine;
    private KafkaListener listener;
    private OpsServer ops;

    private RunningNode() {}

    private void boot(NodeConfig config) throws IOException {
        nodeId = config.nodeId();
        started.push(DataDirectory.lock(config.dataDir()));
        NodeMeters meters = new NodeMeters(config.nodeId());
        started.push(meters);
        Injector injector = createInjector(config, meters.registry());
        Optional<MetadataWal> wal = provision(() -> injector.getInstance(WAL));
        wal.ifPresent(started::push);
        engine = provision(() -> injector.getInstance(MetadataEngine.class));
        listener = provision(() -> injector.getInstance(KafkaListener.class));
        ops = OpsServer.start(config.get(NodeKeys.HTTP_HOST), config.httpPort(), engine, meters);
        started.push(ops);
        engine.recover();
        listener.start();
        started.push(listener);
        started.push(engine);
        BrokerInfo self = new BrokerInfo(config.nodeId(), config.advertisedHost(), listener.port(),
                config.get(NodeKeys.KAFKA_RACK));
        engine.start(self, Duration.ofMillis(config.get(NodeKeys.START_TIMEOUT_MS)));
        for (PluginKind kind : PluginKind.values()) {
            log.info("Plugin {} = {}", kind.selectorKey(),
                    config.plugin(kind).map(p -> p.name() + " " + PluginRegistry.origin(p)).orElse(PluginKind.NONE));
        }
        log.info("Quire node {} is ready: Kafka clients connect to {}:{}{}", config.nodeId(), self.host(), self.port(),
                peerListeners(config, injector));
    }

    /**
     * Where the other members reach this node's plugins, as {@code quire cluster} prints it:
     * {@code ", replication (tcp) on 127.0.0.1:9291, consensus (ratis) on 127.0.0.1:9491"}.
     */
    private static String peerListeners(NodeConfig config, Injector injector) {
        StringBuilder listeners = new StringBuilder();
        injector.getInstance(REPLICATION).ifPresent(transport ->
                appendPeerListener(listeners, config, PluginKind.REPLICATION, transport));
        appendPeerListener(listeners, config, PluginKind.CONSENSUS, injector.getInstance(Consensus.class));
        return listeners.toString();
    }

    private static void appendPeerListener(StringBuilder listeners, NodeConfig config, PluginKind kind, Object plugin) {
        if (plugin instanceof ListensForPeers listening) {
            InetSocketAddress address = listening.peerListenAddress();
            String host = address.getHostString();
            listeners.append(", ").append(kind.prefix()).append(" (").append(config.plugin(kind).orElseThrow().name())
                    .append(") on ").append(host.indexOf(':') >= 0 ? "[" + host + "]" : host)
                    .append(':').append(address.getPort());
        }
    }

    /**
     * Starts a node.
     *
     * @throws ConfigException when the config cannot work (a plugin refuses its settings, the data
     *     directory is unusable); every part started so far is stopped again
     * @throws IOException when a part cannot start
     */
    public static RunningNode start(NodeConfig config) throws IOException {
        RunningNode node = new RunningNode();
        try {
            node.boot(config);
        } catch (IOException | RuntimeException e) {
            node.closeQuietly();
            throw e;
        }
        return node;
    }

    private Injector createInjector(NodeConfig config, MeterRegistry meters) {
        try {
            return Guice.createInjector(new PluginsModule(config, meters), new NodeModule(config, meters));
        } catch (CreationException e) {
            throw unwrapConfig(e, e.getCause());
        }
    }

    private <T> T provision(ThrowingSupplier<T> supplier) throws IOException {
        try {
            return supplier.get();
        } catch (ProvisionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw unwrapConfig(e, cause);
        }
    }

    private static RuntimeException unwrapConfig(RuntimeException guiceError, Throwable cause) {
        if (cause instanceof ConfigException config) {
            return config;
        }
        if (cause instanceof UncheckedIOException io) {
            return io;
        }
        return guiceError;
    }

    public int kafkaPort() {
        return listener.port();
    }

    /** The port of the operations HTTP endpoint. */
    public int httpPort() {
        return ops.port();
    }

    public MetadataEngine engine() {
        return engine;
    }

    @Override
    public void close() {
        String state = engine == null ? "" : " at offset " + engine.appliedOffset() + ", digest " + engine.digest();
        closeQuietly();
        log.info("Quire node {} stopped{}", nodeId, state);
    }

    private void closeQuietly() {
        while (!started.isEmpty()) {
            AutoCloseable part = started.pop();
            try {
                part.close();
            } catch (Exception e) {
                log.warn("Stopping {} failed", part, e);
            }
        }
    }

    @FunctionalInterface
    private interface ThrowingSupplier<T> {
        T get();
    }
}
