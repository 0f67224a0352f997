package io.quire.launcher;

import io.quire.launcher.config.NodeConfig;
import io.quire.launcher.config.RawConfig;
import io.quire.launcher.plugins.PluginRegistry;
import io.quire.launcher.wiring.RunningNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Starts nodes in this JVM through the launcher's config and wiring, on a free loopback port. */
final class TestNodes {

    private TestNodes() {}

    static RunningNode start(Path dataDir, String... overrides) throws IOException {
        return RunningNode.start(config(dataDir, overrides));
    }

    static NodeConfig config(Path dataDir, String... overrides) {
        List<String> sets = new ArrayList<>(List.of("kafka.host=127.0.0.1", "kafka.port=0", "http.port=0",
                "data.dir=" + Objects.requireNonNull(dataDir, "dataDir")));
        sets.addAll(List.of(overrides));
        return NodeConfig.resolve(RawConfig.empty().withOverrides(sets),
                PluginRegistry.discover(TestNodes.class.getClassLoader()));
    }

    static Admin admin(int port) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
        return Admin.create(props);
    }
}
