package io.quire.tck.replication;

import io.quire.tck.support.KitSettings;
import io.quire.tck.support.Ports;
import io.quire.api.metadata.BrokerInfo;
import io.quire.spi.consensus.Leadership;
import io.quire.spi.plugin.PluginContext;
import io.quire.spi.plugin.PluginSettings;
import io.quire.spi.replication.ReplicationTransport;
import io.quire.spi.replication.ReplicationTransportProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The nodes of one cluster inside the test JVM, each with its own {@link MemoryLog} and a transport
 * created by the plugin's provider from the settings the plugin's test builds, on free loopback
 * ports the kit picked.
 */
final class KitCluster implements AutoCloseable {

    static final String CLUSTER_ID = "quire-tck";
    static final String SECRET = "the conformance kit's shared cluster secret";
    static final String OTHER_SECRET = "another cluster's secret, which the kit's nodes do not know";

    /** Builds one node's settings: the plugin's test's {@code settings(...)}. */
    @FunctionalInterface
    interface SettingsFactory {
        Map<String, String> settings(int nodeId, Map<Integer, Integer> portsByNode, String secret);
    }

    private record KitPluginContext(int nodeId, Path dataDir, PluginSettings settings) implements PluginContext {}


    /** One node: its log, its secret and its running transport. */
    static final class Node {
        final int id;
        final MemoryLog log;
        final String secret;
        final Path dir;
        volatile ReplicationTransport transport;
        volatile Leadership leadership;

        private Node(int id, MemoryLog log, String secret, Path dir) {
            this.id = id;
            this.log = log;
            this.secret = secret;
            this.dir = dir;
        }
    }

    private final ReplicationTransportProvider provider;
    private final SettingsFactory settingsFactory;
    private final Map<Integer, Node> nodes = new TreeMap<>();
    private final Map<Integer, Integer> ports = new TreeMap<>();

    private KitCluster(ReplicationTransportProvider provider, SettingsFactory settingsFactory) {
        this.provider = provider;
        this.settingsFactory = settingsFactory;
    }

    /**
     * Starts nodes 1..logs.size() in parallel, node {@code i} over {@code logs.get(i - 1)} with
     * {@code secrets.get(i - 1)}.
     */
    static KitCluster start(ReplicationTransportProvider provider, SettingsFactory settingsFactory, Path dir,
            List<MemoryLog> logs, List<String> secrets) {
        KitCluster cluster = new KitCluster(provider, settingsFactory);
        try {
            for (int i = 0; i < logs.size(); i++) {
                int id = i + 1;
                cluster.ports.put(id, Ports.freePort());
                cluster.nodes.put(id, new Node(id, logs.get(i), secrets.get(i),
                        Files.createDirectories(dir.resolve("node-" + id))));
            }
            List<CompletableFuture<Void>> starts = new ArrayList<>();
            for (Node node : cluster.nodes.values()) {
                starts.add(CompletableFuture.runAsync(() -> cluster.startTransport(node)));
            }
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
        } catch (IOException e) {
            cluster.close();
            throw new UncheckedIOException(e);
        } catch (CompletionException e) {
            cluster.close();
            throw e.getCause() instanceof RuntimeException r ? r : e;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    Node node(int id) {
        return nodes.get(id);
    }

    Map<Integer, Integer> ports() {
        return Map.copyOf(ports);
    }

    /** Tells every running node that {@code leaderId} leads {@code epoch}, as consensus would. */
    void elect(int leaderId, long epoch) {
        node(leaderId).log.lead(epoch);
        for (Node node : nodes.values()) {
            node.leadership = new Leadership(epoch, OptionalInt.of(leaderId), node.id);
            if (node.transport != null) {
                node.transport.leadershipChanged(node.leadership);
            }
        }
    }

    /** The leader's WAL made {@code count} more records durable in its epoch; its transport is told. */
    void append(int leaderId, int count) {
        Node leader = node(leaderId);
        leader.log.append(leader.log.epoch(), count);
        leader.transport.recordsDurable(leader.log.endOffset());
    }

    /** Closes a node's transport, as a stopping process would. */
    void stop(int id) {
        Node node = node(id);
        ReplicationTransport transport = node.transport;
        node.transport = null;
        if (transport != null) {
            transport.close();
        }
    }

    /** Starts a new transport for a stopped node over the same log, port and directory, told the last leadership. */
    void restart(int id) {
        Node node = node(id);
        startTransport(node);
        if (node.leadership != null) {
            node.transport.leadershipChanged(node.leadership);
        }
    }

    private void startTransport(Node node) {
        Map<String, String> values = settingsFactory.settings(node.id, Map.copyOf(ports), node.secret);
        KitSettings settings = KitSettings.of("replication", provider.name(), provider.configKeys(), values);
        try {
            ReplicationTransport transport = provider.create(new KitPluginContext(node.id, node.dir, settings));
            transport.start(new MemoryLogContext(node.id, CLUSTER_ID,
                    new BrokerInfo(node.id, "127.0.0.1", 19092 + node.id, null), node.log));
            node.transport = transport;
        } catch (IOException e) {
            throw new UncheckedIOException("node " + node.id + " did not start", e);
        }
    }

    @Override
    public void close() {
        for (Node node : nodes.values()) {
            ReplicationTransport transport = node.transport;
            node.transport = null;
            if (transport != null) {
                try {
                    transport.close();
                } catch (RuntimeException e) {
                    // The rule under test reports what matters; a failing close is rep07's business.
                }
            }
        }
    }
}
