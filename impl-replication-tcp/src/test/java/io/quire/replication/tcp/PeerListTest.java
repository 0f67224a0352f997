package io.quire.replication.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quire.spi.plugin.ConfigException;
import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PeerListTest {

    private static final String KEY = "replication.tcp.peers";

    @Test
    void parsesEveryNodesAddress() {
        PeerList peers = PeerList.parse(KEY, "1=127.0.0.1:9291, 2=node-2.example.com:9292,3=[::1]:9293");

        assertThat(peers.ids()).containsExactly(1, 2, 3);
        assertThat(peers.address(1)).isEqualTo(InetSocketAddress.createUnresolved("127.0.0.1", 9291));
        assertThat(peers.address(2)).isEqualTo(InetSocketAddress.createUnresolved("node-2.example.com", 9292));
        assertThat(peers.address(3)).isEqualTo(InetSocketAddress.createUnresolved("::1", 9293));
        assertThat(peers.contains(2)).isTrue();
        assertThat(peers.contains(4)).isFalse();
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
        assertThatThrownBy(() -> PeerList.parse(KEY, text))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Config key 'replication.tcp.peers' expects id=host:port");
    }

    @Test
    void saysWhatIsWrong() {
        assertThatThrownBy(() -> PeerList.parse(KEY, "1=a:9291,1=b:9292")).hasMessageEndingWith("node 1 is listed twice");
        assertThatThrownBy(() -> PeerList.parse(KEY, "1=a:70000")).hasMessageEndingWith("port 70000 of node 1 is not in 1..65535");
    }
}
