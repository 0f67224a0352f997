package io.quire.kafka.server;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quire.api.metadata.BrokerInfo;
import io.quire.core.codec.CommandCodec;
import io.quire.core.engine.MetadataEngine;
import io.quire.core.topics.TopicDefaults;
import io.quire.core.topics.TopicService;
import io.quire.spi.consensus.Consensus;
import io.quire.spi.consensus.ConsensusProvider;
import io.quire.spi.plugin.ConfigKey;
import io.quire.spi.plugin.PluginContext;
import io.quire.spi.plugin.PluginProvider;
import io.quire.spi.plugin.PluginSettings;
import io.quire.spi.statemachine.StateMachine;
import io.quire.spi.statemachine.StateMachineProvider;
import io.quire.spi.wal.MetadataWal;
import io.quire.spi.wal.WalProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.ServiceLoader;

/**
 * One single-node Quire cluster in this JVM, built from the real plugins found with
 * {@link ServiceLoader} (the {@code file} WAL, the {@code kafka-metadata} state machine and the
 * {@code static} consensus), with a Kafka listener on a free port of 127.0.0.1.
 * {@link #close()} stops the listener, the engine and the WAL, in that order.
 */
final class TestNode implements AutoCloseable {

    static final int NODE_ID = 1;
    static final String CLUSTER_ID = "test-cluster";
    static final String HOST = "127.0.0.1";
    /** The frame limit of a node started without one: large enough for every test request. */
    static final int DEFAULT_MAX_FRAME_BYTES = 1 << 20;

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private MetadataEngine engine;
    private KafkaListener listener;

    private TestNode() {}

    static TestNode start(Path dataDir) throws IOException {
        return start(dataDir, DEFAULT_MAX_FRAME_BYTES);
    }

    static TestNode start(Path dataDir, int maxFrameBytes) throws IOException {
        return start(dataDir, maxFrameBytes, false);
    }

    /** A node whose Metadata requests create missing topics ({@code auto.create.topics.enable}). */
    static TestNode startWithAutoCreation(Path dataDir) throws IOException {
        return start(dataDir, DEFAULT_MAX_FRAME_BYTES, true);
    }

    private static TestNode start(Path dataDir, int maxFrameBytes, boolean autoCreateTopics) throws IOException {
        TestNode node = new TestNode();
        try {
            node.boot(dataDir, maxFrameBytes, autoCreateTopics);
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    private void boot(Path dataDir, int maxFrameBytes, boolean autoCreateTopics) throws IOException {
        MetadataWal wal = plugin(WalProvider.class, "file", dataDir);
        started.push(wal);
        StateMachine stateMachine = plugin(StateMachineProvider.class, "kafka-metadata", dataDir);
        Consensus consensus = plugin(ConsensusProvider.class, "static", dataDir);
        engine = new MetadataEngine(NODE_ID, wal, stateMachine, consensus, new CommandCodec());
        started.push(engine);
        engine.recover();
        listener = new KafkaListener(new KafkaListenerConfig(HOST, 0, maxFrameBytes, CLUSTER_ID, autoCreateTopics), engine,
                new TopicService(engine, new TopicDefaults(1, 1)), new SimpleMeterRegistry());
        listener.start();
        started.push(listener);
        engine.start(new BrokerInfo(NODE_ID, HOST, listener.port(), null), Duration.ofSeconds(10));
    }

    int port() {
        return listener.port();
    }

    MetadataEngine engine() {
        return engine;
    }

    /** A new connection to this node's Kafka listener. */
    KafkaWireClient connect() throws IOException {
        return KafkaWireClient.connect(HOST, port());
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("stopping the test node failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static <T, P extends PluginProvider<T>> T plugin(Class<P> kind, String name, Path dataDir)
            throws IOException {
        P provider = ServiceLoader.load(kind, TestNode.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + kind.getSimpleName() + " named " + name
                        + " on the test class path"));
        Path pluginDir = Files.createDirectories(dataDir.resolve(kind.getSimpleName()).resolve(name));
        return provider.create(new DefaultsContext(pluginDir));
    }

    /** What a plugin gets from this fixture: node id, its own directory and every key at its default. */
    private record DefaultsContext(Path dataDir) implements PluginContext {

        @Override
        public int nodeId() {
            return NODE_ID;
        }

        @Override
        public PluginSettings settings() {
            return new PluginSettings() {
                @Override
                public <V> V get(ConfigKey<V> key) {
                    return key.defaultValue();
                }
            };
        }
    }
}
