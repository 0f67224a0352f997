package io.quire.launcher.config;

import io.quire.launcher.plugins.PluginKind;
import io.quire.spi.plugin.ConfigKey;
import io.quire.spi.plugin.PluginContext;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The node's own config keys, with their defaults; the README's config reference lists them. */
public final class NodeKeys {

    public static final ConfigKey<Integer> NODE_ID =
            ConfigKey.ofInt("node.id", 1, "This node's id in the cluster; also its Kafka broker id.").atLeast(0);
    public static final ConfigKey<String> CLUSTER_ID =
            ConfigKey.ofString("cluster.id", "quire", "The cluster id reported to Kafka clients.");
    public static final ConfigKey<String> CLUSTER_MEMBERS = ConfigKey.ofString(PluginContext.CLUSTER_MEMBERS_KEY, null,
            "Every node's Kafka address by node id, this node included: 1=host:port,2=host:port,...; the plugins"
                    + " derive their own addresses of the members from it unless their own keys give them.");
    public static final ConfigKey<String> CLUSTER_SECRET = ConfigKey.ofString(PluginContext.CLUSTER_SECRET_KEY, null,
            "The secret the members share, used by every plugin that authenticates its peers unless its own key"
                    + " gives one; write ${env:NAME}.");
    public static final ConfigKey<String> KAFKA_HOST =
            ConfigKey.ofString("kafka.host", "127.0.0.1", "Address the Kafka listener binds.");
    public static final ConfigKey<Integer> KAFKA_PORT = ConfigKey.ofInt("kafka.port", 9092,
            "Port of the Kafka listener; by default this node's port in cluster.members, else 9092; 0 picks a free"
                    + " one.").requiring(p -> p >= 0 && p <= 65535, "a port (0-65535)");
    public static final ConfigKey<String> KAFKA_ADVERTISED_HOST = ConfigKey.ofString("kafka.advertised-host", null,
            "Host name given to clients in Metadata responses; by default kafka.host.");
    public static final ConfigKey<String> KAFKA_RACK = ConfigKey.ofString("kafka.rack", null,
            "Kafka's broker.rack: the rack this node's broker is in, shown to clients and used to place a topic's"
                    + " replicas on different racks; unset by default.")
            .requiring(rack -> !rack.isBlank(), "a rack name that is not blank");
    public static final ConfigKey<Integer> KAFKA_MAX_FRAME_BYTES = ConfigKey.ofInt("kafka.max-frame-bytes", 104_857_600,
            "Largest Kafka request accepted; a larger one closes its connection.").atLeast(1024);
    public static final ConfigKey<Integer> DEFAULT_PARTITIONS = ConfigKey.ofInt("kafka.default-partitions", 1,
            "Partitions of a topic created with numPartitions -1.").atLeast(1);
    public static final ConfigKey<Integer> DEFAULT_REPLICATION_FACTOR = ConfigKey.ofInt(
            "kafka.default-replication-factor", 1, "Replication factor of a topic created with -1.").atLeast(1);
    public static final ConfigKey<Boolean> AUTO_CREATE_TOPICS = ConfigKey.ofBoolean("kafka.auto-create-topics", false,
            "Kafka's auto.create.topics.enable: a Metadata request that allows auto-creation creates the missing"
                    + " topics it names, with the default partitions and replication factor.");
    public static final ConfigKey<String> HTTP_HOST = ConfigKey.ofString("http.host", "127.0.0.1",
            "Address the operations HTTP endpoint (/metrics, /health/live, /health/ready, /status) binds.");
    public static final ConfigKey<Integer> HTTP_PORT = ConfigKey.ofInt("http.port", 9691,
            "Port of the operations HTTP endpoint; by default this node's Kafka port in cluster.members + 599 (as"
                    + " bin/quire cluster lays them out), else 9691; 0 picks a free one (the log says which).")
            .requiring(p -> p >= 0 && p <= 65535, "a port (0-65535)");
    public static final ConfigKey<String> DATA_DIR = ConfigKey.ofString("data.dir", "data",
            "Directory of this node's durable state; each plugin gets <data.dir>/<kind>/<name>.")
            .requiring(NodeKeys::isPath, "a path this file system accepts");
    public static final ConfigKey<Long> SNAPSHOT_EVERY_RECORDS = ConfigKey.ofLong("snapshot.every-records", 10_000L,
            "Take a state-machine snapshot each time this many records are applied; the WAL then drops what it"
                    + " covers, and followers too far behind receive the snapshot.").atLeast(1);
    public static final ConfigKey<Integer> START_TIMEOUT_MS = ConfigKey.ofInt("node.start-timeout-ms", 30_000,
            "How long the node waits at start for its broker registration to be applied.").atLeast(1);
    public static final ConfigKey<String> METADATA_ACKS = ConfigKey.ofString("metadata.acks", "leader",
            "When the leader answers a write: 'leader' once its own WAL made it durable (fast path), 'quorum'"
                    + " once a majority of the members, the leader included, did (no acknowledged change is lost"
                    + " when the leader dies).")
            .requiring(value -> value.equals("leader") || value.equals("quorum"), "'leader' or 'quorum'");
    public static final ConfigKey<Integer> WRITE_TIMEOUT_MS = ConfigKey.ofInt("metadata.write-timeout-ms", 30_000,
            "The longest a write waits beyond the leader's WAL: for a quorum, for a new leader to catch up, or"
                    + " on a follower for the leader's record to reach this node.").atLeast(1);

    private NodeKeys() {}

    /** Checked when the config is read, so that a NUL in data.dir is a config error, not a crash at start. */
    private static boolean isPath(String text) {
        try {
            Path.of(text);
            return true;
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** Every node key, plugin selectors included. */
    public static List<ConfigKey<?>> all() {
        List<ConfigKey<?>> keys = new ArrayList<>(List.of(NODE_ID, CLUSTER_ID, CLUSTER_MEMBERS, CLUSTER_SECRET,
                KAFKA_HOST, KAFKA_PORT, KAFKA_ADVERTISED_HOST, KAFKA_RACK, KAFKA_MAX_FRAME_BYTES, DEFAULT_PARTITIONS,
                DEFAULT_REPLICATION_FACTOR, AUTO_CREATE_TOPICS, HTTP_HOST, HTTP_PORT, DATA_DIR, SNAPSHOT_EVERY_RECORDS,
                START_TIMEOUT_MS, METADATA_ACKS, WRITE_TIMEOUT_MS));
        for (PluginKind kind : PluginKind.values()) {
            keys.add(selector(kind));
        }
        return keys;
    }

    /** The key that selects the plugin of {@code kind}. */
    public static ConfigKey<String> selector(PluginKind kind) {
        return ConfigKey.ofString(kind.selectorKey(), kind.defaultName(), "The " + kind.prefix() + " plugin"
                + (kind.optional() ? ", or " + PluginKind.NONE : "") + ".");
    }
}
