package io.quire.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.launcher.wiring.RunningNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A node runs end to end on each built-in WAL plugin, and restarts with what it acknowledged. */
class WalPluginsEndToEndTest {

    @ParameterizedTest(name = "plugins.wal={0}")
    @ValueSource(strings = {"file", "mapdb"})
    void createsDeletesAndRestartsOnEachWalPlugin(String wal, @TempDir Path dir) throws Exception {
        List<String> names = IntStream.range(0, 20).mapToObj(i -> wal + "-topic-" + i).toList();
        try (RunningNode node = TestNodes.start(dir, "plugins.wal=" + wal);
                Admin admin = TestNodes.admin(node.kafkaPort())) {
            admin.createTopics(names.stream().map(n -> new NewTopic(n, 3, (short) 1)).toList()).all().get();
            admin.deleteTopics(List.of(names.get(0))).all().get();
        }
        assertThat(dir.resolve("wal").resolve(wal)).isDirectory();
        assertThat(Files.list(dir.resolve("wal")).map(p -> p.getFileName().toString())).containsExactly(wal);

        try (RunningNode node = TestNodes.start(dir, "plugins.wal=" + wal);
                Admin admin = TestNodes.admin(node.kafkaPort())) {
            assertThat(admin.listTopics().names().get()).containsExactlyInAnyOrderElementsOf(names.subList(1, 20));
            TopicDescription described = admin.describeTopics(List.of(names.get(5))).allTopicNames().get()
                    .get(names.get(5));
            assertThat(described.partitions()).hasSize(3);
        }
    }
}
