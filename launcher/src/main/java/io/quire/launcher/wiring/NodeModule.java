package io.quire.launcher.wiring;

import com.google.inject.AbstractModule;
import io.micrometer.core.instrument.MeterRegistry;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.quire.core.codec.CommandCodec;
import io.quire.core.engine.EngineOptions;
import io.quire.core.engine.MetadataAcks;
import io.quire.core.engine.MetadataEngine;
import io.quire.core.snapshot.SnapshotStore;
import io.quire.core.topics.TopicDefaults;
import io.quire.core.topics.TopicService;
import io.quire.kafka.server.KafkaListener;
import io.quire.kafka.server.KafkaListenerConfig;
import io.quire.launcher.config.NodeConfig;
import io.quire.launcher.config.NodeKeys;
import io.quire.launcher.plugins.PluginKind;
import io.quire.spi.plugin.ConfigException;
import io.quire.spi.consensus.Consensus;
import io.quire.spi.replication.ReplicationTransport;
import io.quire.spi.statemachine.StateMachine;
import io.quire.spi.wal.MetadataWal;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** Binds the engine and the Kafka listener over whatever plugins {@link PluginsModule} bound. */
final class NodeModule extends AbstractModule {

    private final NodeConfig config;
    private final MeterRegistry meters;

    NodeModule(NodeConfig config, MeterRegistry meters) {
        this.config = config;
        this.meters = meters;
    }

    @Provides
    @Singleton
    CommandCodec codec() {
        return new CommandCodec();
    }

    @Provides
    @Singleton
    MetadataEngine engine(Optional<MetadataWal> wal, StateMachine stateMachine, Consensus consensus, CommandCodec codec,
            Optional<ReplicationTransport> replication) throws IOException {
        EngineOptions options = new EngineOptions(config.get(NodeKeys.CLUSTER_ID), replication,
                Optional.of(new SnapshotStore(DataDirectory.snapshotsDir(config.dataDir()))),
                config.get(NodeKeys.SNAPSHOT_EVERY_RECORDS),
                MetadataAcks.valueOf(config.get(NodeKeys.METADATA_ACKS).toUpperCase(Locale.ROOT)),
                Duration.ofMillis(config.get(NodeKeys.WRITE_TIMEOUT_MS)), meters);
        if (wal.isEmpty()) {
            if (!consensus.canBeTheMetadataLog()) {
                throw new ConfigException("plugins.wal=none makes the consensus log the metadata log, which the '"
                        + config.plugin(PluginKind.CONSENSUS).orElseThrow().name() + "' consensus plugin cannot carry:"
                        + " choose plugins.consensus=ratis");
            }
            return MetadataEngine.withoutWal(config.nodeId(), stateMachine, consensus, codec, options);
        }
        return new MetadataEngine(config.nodeId(), wal.get(), stateMachine, consensus, codec, options);
    }

    @Provides
    @Singleton
    TopicService topics(MetadataEngine engine) {
        return new TopicService(engine, new TopicDefaults(
                config.get(NodeKeys.DEFAULT_PARTITIONS), config.get(NodeKeys.DEFAULT_REPLICATION_FACTOR)));
    }

    @Provides
    @Singleton
    KafkaListener kafkaListener(MetadataEngine engine, TopicService topics) {
        return new KafkaListener(new KafkaListenerConfig(config.get(NodeKeys.KAFKA_HOST), config.kafkaPort(),
                config.get(NodeKeys.KAFKA_MAX_FRAME_BYTES), config.get(NodeKeys.CLUSTER_ID),
                config.get(NodeKeys.AUTO_CREATE_TOPICS)), engine, topics, meters);
    }
}
