package io.quire.statemachine.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.api.command.CreateTopic;
import io.quire.api.command.DeleteTopic;
import io.quire.api.command.MetadataCommand;
import io.quire.api.command.RegisterBroker;
import io.quire.api.metadata.BrokerInfo;
import io.quire.api.metadata.TopicMetadata;
import io.quire.api.result.CommandResult;
import io.quire.spi.plugin.ConfigKey;
import io.quire.spi.plugin.PluginContext;
import io.quire.spi.plugin.PluginSettings;
import io.quire.spi.statemachine.StateMachine;
import io.quire.spi.statemachine.StateMachineProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test helpers: the {@code kafka-metadata} state machine as the node gets it (found by name through
 * {@link ServiceLoader}, created with a {@link PluginContext}), and short command builders.
 */
final class StateMachines {

    static final String NAME = "kafka-metadata";

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private StateMachines() {}

    /** The provider the launcher would select with {@code plugins.state-machine: kafka-metadata}. */
    static StateMachineProvider provider() {
        List<StateMachineProvider> named = ServiceLoader.load(StateMachineProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(provider -> provider.name().equals(NAME))
                .toList();
        assertThat(named).as("providers named %s on the class path", NAME).hasSize(1);
        return named.get(0);
    }

    /** A fresh, empty state machine, each in its own data directory under {@code root}. */
    static StateMachine create(Path root) {
        try {
            Path dataDir = Files.createDirectories(root.resolve("state-machine-" + INSTANCES.incrementAndGet()));
            return provider().create(new TestContext(1, dataDir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Applies {@code commands} at offsets {@code firstOffset, firstOffset + 1, ...}; returns the results. */
    static List<CommandResult> applyAll(StateMachine stateMachine, long firstOffset, List<? extends MetadataCommand> commands) {
        List<CommandResult> results = new ArrayList<>(commands.size());
        long offset = firstOffset;
        for (MetadataCommand command : commands) {
            results.add(stateMachine.apply(offset++, command));
        }
        return results;
    }

    static RegisterBroker broker(int id) {
        return new RegisterBroker(new BrokerInfo(id, "broker-" + id + ".example", 9092 + id, null));
    }

    static CreateTopic create(String name, List<List<Integer>> assignment) {
        return new CreateTopic(name, idOf(name), assignment, Map.of());
    }

    static CreateTopic create(String name, List<List<Integer>> assignment, Map<String, String> configs) {
        return new CreateTopic(name, idOf(name), assignment, configs);
    }

    static DeleteTopic delete(TopicMetadata topic) {
        return new DeleteTopic(topic.name(), topic.topicId());
    }

    /** A topic id derived from the name, so that tests are reproducible. */
    static UUID idOf(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] snapshotOf(StateMachine stateMachine) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            stateMachine.writeSnapshot(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** What the node gives a plugin: an id, a data directory, and settings that are all defaults. */
    record TestContext(int nodeId, Path dataDir) implements PluginContext, PluginSettings {

        @Override
        public PluginSettings settings() {
            return this;
        }

        @Override
        public <V> V get(ConfigKey<V> key) {
            return key.defaultValue();
        }
    }
}
