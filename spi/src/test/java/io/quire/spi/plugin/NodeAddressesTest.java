package io.quire.spi.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeAddressesTest {

    private static final String KEY = "replication.tcp.peers";

    @Test
    void parsesEveryNodesAddress() {
        Map<Integer, InetSocketAddress> peers =
                NodeAddresses.parse(KEY, "1=127.0.0.1:9291, 2=node-2.example.com:9292,3=[::1]:9293");

        assertThat(peers.keySet()).containsExactly(1, 2, 3);
        assertThat(peers.get(1)).isEqualTo(InetSocketAddress.createUnresolved("127.0.0.1", 9291));
        assertThat(peers.get(2)).isEqualTo(InetSocketAddress.createUnresolved("node-2.example.com", 9292));
        assertThat(peers.get(3)).isEqualTo(InetSocketAddress.createUnresolved("::1", 9293));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "1=127.0.0.1:9291,",
        "1=127.0.0.1:9291,,2=127.0.0.1:9292",
        "1=127.0.0.1",
        "1:127.0.0.1:9291",
        "one=127.0.0.1:9291",
        "-1=127.0.0.1:9291",
        "1=127.0.0.1:0",
        "1=127.0.0.1:65536",
        "1=127.0.0.1:9291x",
        "1=:9291",
        "1=host name:9291",
        "1=127.0.0.1:9291,1=127.0.0.1:9292",
        "1=127.0.0.1:9291,2=127.0.0.1:9291",
        "1=::1:9291",
        "1=127.0.0.1:9291;2=127.0.0.1:9292",
    })
    void refusesAnythingButIdEqualsHostColonPort(String text) {
        assertThatThrownBy(() -> NodeAddresses.parse(KEY, text))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Config key 'replication.tcp.peers' expects id=host:port");
    }

    @Test
    void saysWhatIsWrong() {
        assertThatThrownBy(() -> NodeAddresses.parse(KEY, "1=a:9291,1=b:9292"))
                .hasMessageEndingWith("node 1 is listed twice");
        assertThatThrownBy(() -> NodeAddresses.parse(KEY, "1=a:70000"))
                .hasMessageEndingWith("port 70000 of node 1 is not in 1..65535");
    }

    @Test
    void parseIncludingRequiresThisNode() {
        assertThat(NodeAddresses.parseIncluding(KEY, "1=a:9291,2=b:9291", 2)).containsOnlyKeys(1, 2);
        assertThatThrownBy(() -> NodeAddresses.parseIncluding(KEY, "1=a:9291,2=b:9291", 3))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Config key 'replication.tcp.peers' must list this node (node.id 3), got ids [1, 2]");
    }
}
