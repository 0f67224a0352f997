package io.quire.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's leader-side log queries work against a running node's log. */
class LeaderLogLinesIT {

    @TempDir
    Path dir;

    @Test
    void leaderLogsWalEnabledOnceAndTwoLinesPerCreatedTopic() throws Exception {
        List<String> topics = List.of("grep-a", "grep-b", "grep-c");
        try (NodeProcess node = NodeProcess.start(dir.resolve("node.log"), "data.dir=" + dir.resolve("data"));
                Admin admin = TestNodes.admin(node.kafkaPort())) {
            admin.createTopics(topics.stream().map(t -> new NewTopic(t, 2, (short) 1)).toList()).all().get();
            String log = node.log();

            assertThat(log.lines().filter(l -> l.contains("Phase 2: Metadata WAL enabled"))).hasSize(1);
            assertThat(log).doesNotContain("Phase 1 fallback");
            for (String topic : topics) {
                assertThat(log.lines().filter(l -> l.contains("Phase 2: Leader creating topic " + topic + " ")))
                        .hasSize(1);
                Matcher wrote = Pattern.compile("Wrote CreateTopic " + topic + " to metadata WAL at offset (\\d+)")
                        .matcher(log);
                assertThat(wrote.find()).as("WAL line for %s", topic).isTrue();
                assertThat(Long.parseLong(wrote.group(1))).isPositive();
                assertThat(wrote.find()).as("a single WAL line for %s", topic).isFalse();
            }
        }
    }
}
