package io.quire.tck.replication;

import io.quire.spi.plugin.ConfigKey;
import io.quire.spi.plugin.PluginContext;
import io.quire.spi.replication.ReplicationTransport;
import io.quire.spi.replication.ReplicationTransportProvider;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Creates {@link InJvmTransport}s, honest or with one flaw. */
final class InJvmTransportProvider implements ReplicationTransportProvider {

    static final ConfigKey<Integer> PORT = ConfigKey.ofInt("port", null, "The node's key in the JVM's registry");
    static final ConfigKey<String> PEERS = ConfigKey.ofString("peers", null, "id=port,...");
    static final ConfigKey<String> SECRET = ConfigKey.ofString("secret", null, "Shared secret");

    private final InJvmTransport.Flaw flaw;

    InJvmTransportProvider(InJvmTransport.Flaw flaw) {
        this.flaw = flaw;
    }

    @Override
    public String name() {
        return "in-jvm";
    }

    @Override
    public String description() {
        return "Direct calls between transports of one JVM (kit self-test)";
    }

    @Override
    public List<ConfigKey<?>> configKeys() {
        return List.of(PORT, PEERS, SECRET);
    }

    @Override
    public ReplicationTransport create(PluginContext context) {
        Map<Integer, Integer> peers = Arrays.stream(context.settings().get(PEERS).split(","))
                .map(peer -> peer.split("="))
                .collect(Collectors.toMap(p -> Integer.parseInt(p[0]), p -> Integer.parseInt(p[1])));
        return new InJvmTransport(context.settings().get(PORT), peers, context.settings().get(SECRET), flaw);
    }

    /** The settings of one node, as a plugin's test would write them. */
    static Map<String, String> settings(int nodeId, Map<Integer, Integer> portsByNode, String secret) {
        String peers = portsByNode.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
        return Map.of("port", String.valueOf(portsByNode.get(nodeId)), "peers", peers, "secret", secret);
    }
}
