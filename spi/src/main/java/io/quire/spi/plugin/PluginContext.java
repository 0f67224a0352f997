package io.quire.spi.plugin;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** What the node gives a plugin when it creates it. */
public interface PluginContext {

    /** The node key that {@link #clusterMembers()} comes from. */
    String CLUSTER_MEMBERS_KEY = "cluster.members";

    /** The node key that {@link #clusterSecret()} comes from. */
    String CLUSTER_SECRET_KEY = "cluster.secret";

    /** The id of this node in the cluster. */
    int nodeId();

    /**
     * A directory that belongs to this plugin alone, under the node's data directory; it exists
     * and is writable when {@link PluginProvider#create} is called.
     */
    Path dataDir();

    /** The plugin's settings, read through the keys it declared. */
    PluginSettings settings();

    /**
     * The node's meter registry, scraped from its {@code /metrics} endpoint. A plugin names its
     * meters {@code quire.<kind>.<what>} with base units, so that they sit beside the engine's.
     * By default Micrometer's global registry, which records nothing until a registry is added to it.
     */
    default MeterRegistry meters() {
        return Metrics.globalRegistry;
    }

    /**
     * Every member's Kafka address by node id, as the node key {@code cluster.members} lists them,
     * this node included; empty when the key is not set. A plugin that talks to the other members
     * derives its own address of each from this list unless its own key gives them
     * ({@link PeerAddresses}), so that every plugin agrees on who the members are.
     *
     * <p>By default empty, so that a context written before this method existed (a test's, a kit's)
     * still compiles and its plugins read their own keys.
     */
    default Map<Integer, InetSocketAddress> clusterMembers() {
        return Map.of();
    }

    /**
     * The node key {@code cluster.secret}, the secret the members share, which a plugin that
     * authenticates its peers uses unless its own key gives one ({@link SharedSecret}); empty when
     * the key is not set. Never log it nor put it in a message.
     */
    default Optional<String> clusterSecret() {
        return Optional.empty();
    }
}
