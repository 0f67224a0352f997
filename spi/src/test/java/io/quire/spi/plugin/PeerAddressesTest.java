package io.quire.spi.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PeerAddressesTest {

    private static final String PREFIX = "replication.test.";
    private static final ConfigKey<String> PEERS = ConfigKey.ofString("peers", null, "every node's test address");
    private static final int OFFSET = 199;
    private static final Map<Integer, InetSocketAddress> MEMBERS = NodeAddresses.parse("cluster.members",
            "1=127.0.0.1:9092,2=node-2.example.com:9093,3=[::1]:9094");

    @Test
    void derivesEachMembersAddressFromItsKafkaAddressAndThePluginsOffset() {
        PeerAddresses peers = resolve(context(2, Map.of(), MEMBERS));

        assertThat(peers.byNode()).containsExactly(
                Map.entry(1, InetSocketAddress.createUnresolved("127.0.0.1", 9291)),
                Map.entry(2, InetSocketAddress.createUnresolved("node-2.example.com", 9292)),
                Map.entry(3, InetSocketAddress.createUnresolved("::1", 9293)));
        assertThat(peers.self()).isEqualTo(InetSocketAddress.createUnresolved("node-2.example.com", 9292));
    }

    @Test
    void thePluginsOwnKeyWins() {
        PeerAddresses peers = resolve(context(1, Map.of("peers", "1=10.0.0.1:7000,2=10.0.0.2:7000"), MEMBERS));

        assertThat(peers.byNode()).containsOnlyKeys(1, 2);
        assertThat(peers.self()).isEqualTo(InetSocketAddress.createUnresolved("10.0.0.1", 7000));
    }

    @Test
    void withNeitherListTheErrorNamesBothKeys() {
        assertThatThrownBy(() -> resolve(context(1, Map.of(), Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Config key 'cluster.members' or 'replication.test.peers' is required")
                .hasMessageContaining("Kafka port + 199");
        assertThatThrownBy(() -> resolve(context(1, Map.of("peers", " "), Map.of())))
                .as("a blank list is no list").hasMessageContaining("is required");
    }

    @Test
    void eitherListMustNameThisNode() {
        assertThatThrownBy(() -> resolve(context(4, Map.of(), MEMBERS)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Config key 'cluster.members' must list this node (node.id 4), got ids [1, 2, 3]");
        assertThatThrownBy(() -> resolve(context(4, Map.of("peers", "1=a:1"), MEMBERS)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Config key 'replication.test.peers' must list this node (node.id 4), got ids [1]");
    }

    @Test
    void refusesAnOwnListThatDoesNotParse() {
        assertThatThrownBy(() -> resolve(context(1, Map.of("peers", "1=a"), MEMBERS)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Config key 'replication.test.peers' expects id=host:port");
    }

    @Test
    void aDerivedPortBeyond65535AsksForThePluginsOwnList() {
        Map<Integer, InetSocketAddress> high = NodeAddresses.parse("cluster.members", "1=127.0.0.1:65400");
        assertThatThrownBy(() -> resolve(context(1, Map.of(), high)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Config key 'cluster.members': node 1's Kafka port 65400 + 199 for replication.test.peers"
                        + " is beyond 65535; set replication.test.peers");
    }

    private static PeerAddresses resolve(TestContext context) {
        return PeerAddresses.resolve(context, PREFIX, PEERS, OFFSET);
    }

    private static TestContext context(int nodeId, Map<String, String> values,
            Map<Integer, InetSocketAddress> members) {
        return new TestContext(nodeId, values, members, Optional.empty());
    }
}
