package io.quire.launcher.config;

import io.quire.launcher.plugins.PluginKind;
import io.quire.launcher.plugins.PluginRegistry;
import io.quire.spi.plugin.ConfigException;
import io.quire.spi.plugin.ConfigKey;
import io.quire.spi.plugin.NodeAddresses;
import io.quire.spi.plugin.PluginProvider;
import io.quire.spi.plugin.PluginSettings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A node's validated config: every key known, every value of the right type, every selected plugin
 * installed. Built by {@link #resolve}, which fails with a message naming the offending key.
 */
public final class NodeConfig {

    /** A member's operations port is its Kafka port + this, as {@code bin/quire cluster} lays them out. */
    static final int HTTP_PORT_FROM_KAFKA_PORT = 599;

    private final Map<String, Object> nodeValues;
    private final Map<Integer, InetSocketAddress> clusterMembers;
    private final Map<PluginKind, Optional<PluginProvider<?>>> selected;
    private final Map<String, Map<String, Object>> pluginValues;

    private NodeConfig(Map<String, Object> nodeValues, Map<Integer, InetSocketAddress> clusterMembers,
            Map<PluginKind, Optional<PluginProvider<?>>> selected, Map<String, Map<String, Object>> pluginValues) {
        this.nodeValues = nodeValues;
        this.clusterMembers = clusterMembers;
        this.selected = selected;
        this.pluginValues = pluginValues;
    }

    /**
     * Validates {@code raw} against the node's keys and the keys of the plugins in {@code registry},
     * taking {@code ${env:NAME}} values from this process's environment.
     *
     * @throws ConfigException naming the first unknown key, bad value or unknown plugin
     */
    public static NodeConfig resolve(RawConfig raw, PluginRegistry registry) {
        return resolve(raw, registry, System.getenv());
    }

    /**
     * Validates {@code raw} as {@link #resolve(RawConfig, PluginRegistry)} does, taking
     * {@code ${env:NAME}} values from {@code environment}: the environment of the process that will
     * run the node, when that is another one.
     *
     * @throws ConfigException naming the first unknown key, bad value or unknown plugin
     */
    public static NodeConfig resolve(RawConfig raw, PluginRegistry registry, Map<String, String> environment) {
        Map<String, ConfigKey<?>> nodeKeys = NodeKeys.all().stream()
                .collect(Collectors.toMap(ConfigKey::name, Function.identity()));
        Map<String, Object> nodeValues = new HashMap<>();
        Map<String, Map<String, Object>> pluginValues = new HashMap<>();
        raw.values().forEach((key, configured) -> {
            Object value = EnvironmentReferences.expand(key, configured, environment);
            ConfigKey<?> nodeKey = nodeKeys.get(key);
            if (nodeKey != null) {
                nodeValues.put(key, nodeKey.parse(key, value));
            } else {
                PluginKey pluginKey = PluginKey.parse(key, registry)
                        .orElseThrow(() -> new ConfigException("Unknown config key '" + key + "'. Node keys: "
                                + String.join(", ", new TreeMap<>(nodeKeys).keySet())
                                + "; plugin keys are <kind>.<plugin>.<key>, kinds: " + kinds()));
                pluginKey.key().parse(key, value);
                pluginValues.computeIfAbsent(pluginKey.prefix(), p -> new HashMap<>()).put(pluginKey.key().name(), value);
            }
        });
        Map<PluginKind, Optional<PluginProvider<?>>> selected = new EnumMap<>(PluginKind.class);
        for (PluginKind kind : PluginKind.values()) {
            String name = (String) nodeValues.getOrDefault(kind.selectorKey(), kind.defaultName());
            if (kind.optional() && name.equals(PluginKind.NONE)) {
                selected.put(kind, Optional.empty());
            } else {
                selected.put(kind, Optional.of(registry.require(kind, name)));
            }
        }
        if (selected.get(PluginKind.WAL).isEmpty() && selected.get(PluginKind.REPLICATION).isPresent()) {
            throw new ConfigException(PluginKind.WAL.selectorKey() + "=" + PluginKind.NONE + " makes the consensus log the"
                    + " metadata log, which replicates itself: set " + PluginKind.REPLICATION.selectorKey() + "="
                    + PluginKind.NONE);
        }
        return new NodeConfig(nodeValues, clusterMembers(nodeValues), selected, pluginValues);
    }

    /** The parsed {@code cluster.members}, empty when unset; a list without this node is refused. */
    private static Map<Integer, InetSocketAddress> clusterMembers(Map<String, Object> nodeValues) {
        String members = (String) nodeValues.get(NodeKeys.CLUSTER_MEMBERS.name());
        if (members == null) {
            return Map.of();
        }
        int nodeId = (Integer) nodeValues.getOrDefault(NodeKeys.NODE_ID.name(), NodeKeys.NODE_ID.defaultValue());
        return NodeAddresses.parseIncluding(NodeKeys.CLUSTER_MEMBERS.name(), members, nodeId);
    }

    private static String kinds() {
        return Arrays.stream(PluginKind.values()).map(PluginKind::prefix).collect(Collectors.joining(", "));
    }

    /** The value of a node key, or its default. */
    public <V> V get(ConfigKey<V> key) {
        @SuppressWarnings("unchecked")
        V value = (V) nodeValues.get(key.name());
        return value != null ? value : key.defaultValue();
    }

    public int nodeId() {
        return get(NodeKeys.NODE_ID);
    }

    public Path dataDir() {
        return Path.of(get(NodeKeys.DATA_DIR));
    }

    /** Every member's Kafka address by node id, from {@code cluster.members}; empty when unset. */
    public Map<Integer, InetSocketAddress> clusterMembers() {
        return clusterMembers;
    }

    /** The {@code cluster.secret}, when set. */
    public Optional<String> clusterSecret() {
        return Optional.ofNullable(get(NodeKeys.CLUSTER_SECRET));
    }

    /** The Kafka listener's port: {@code kafka.port} when set, else this node's port in {@code cluster.members}. */
    public int kafkaPort() {
        Integer configured = (Integer) nodeValues.get(NodeKeys.KAFKA_PORT.name());
        if (configured != null) {
            return configured;
        }
        InetSocketAddress listed = clusterMembers.get(nodeId());
        return listed != null ? listed.getPort() : NodeKeys.KAFKA_PORT.defaultValue();
    }

    /**
     * The operations endpoint's port: {@code http.port} when set, else this node's Kafka port in
     * {@code cluster.members} + 599 (the port {@code bin/quire cluster} gives it), else the default.
     */
    public int httpPort() {
        Integer configured = (Integer) nodeValues.get(NodeKeys.HTTP_PORT.name());
        if (configured != null) {
            return configured;
        }
        InetSocketAddress listed = clusterMembers.get(nodeId());
        return listed != null ? listed.getPort() + HTTP_PORT_FROM_KAFKA_PORT : NodeKeys.HTTP_PORT.defaultValue();
    }

    /** The host clients are told to connect to. */
    public String advertisedHost() {
        String advertised = get(NodeKeys.KAFKA_ADVERTISED_HOST);
        return advertised != null ? advertised : get(NodeKeys.KAFKA_HOST);
    }

    /** The selected provider of {@code kind}; empty when {@code none} was selected. */
    public Optional<PluginProvider<?>> plugin(PluginKind kind) {
        return selected.get(kind);
    }

    /** The settings of the plugin of {@code kind} named {@code name}. */
    public PluginSettings settings(PluginKind kind, String name) {
        String prefix = kind.prefix() + "." + name + ".";
        Map<String, Object> values = pluginValues.getOrDefault(prefix, Map.of());
        return new PluginSettings() {
            @Override
            public <V> V get(ConfigKey<V> key) {
                Object value = values.get(key.name());
                return value == null ? key.defaultValue() : key.parse(prefix + key.name(), value);
            }
        };
    }

    /** A key of the form {@code <kind>.<plugin>.<key>}. */
    private record PluginKey(String prefix, ConfigKey<?> key) {

        static Optional<PluginKey> parse(String fullKey, PluginRegistry registry) {
            for (PluginKind kind : PluginKind.values()) {
                if (!fullKey.startsWith(kind.prefix() + ".")) {
                    continue;
                }
                String rest = fullKey.substring(kind.prefix().length() + 1);
                int dot = rest.indexOf('.');
                if (dot <= 0) {
                    return Optional.empty();
                }
                String plugin = rest.substring(0, dot);
                String name = rest.substring(dot + 1);
                PluginProvider<?> provider = registry.find(kind, plugin).orElseThrow(() -> new ConfigException(
                        "Config key '" + fullKey + "' configures the " + kind.prefix() + " plugin '" + plugin
                                + "', which is not installed. Available: " + registry.describeAvailable(kind)));
                ConfigKey<?> key = provider.configKeys().stream()
                        .filter(k -> k.name().equals(name))
                        .findFirst()
                        .orElseThrow(() -> new ConfigException("Unknown config key '" + fullKey + "'. The "
                                + kind.prefix() + " plugin '" + plugin + "' has keys: " + keyList(provider)));
                return Optional.of(new PluginKey(kind.prefix() + "." + plugin + ".", key));
            }
            return Optional.empty();
        }

        private static String keyList(PluginProvider<?> provider) {
            return provider.configKeys().isEmpty()
                    ? "none"
                    : provider.configKeys().stream().map(ConfigKey::name).collect(Collectors.joining(", "));
        }
    }
}
