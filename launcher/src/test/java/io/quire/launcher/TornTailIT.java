package io.quire.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A WAL whose last record was torn (cut short) or corrupted (a flipped byte): the node starts,
 * keeps every earlier record and logs where it cut the log.
 */
class TornTailIT {

    private static final int TOPICS = 10;
    /** Offset 0 holds the node's broker registration; topic i was written at offset i + 1. */
    private static final int LAST_TOPIC_OFFSET = TOPICS;

    @TempDir
    Path dir;

    @Test
    void tornLastRecordIsCutAndEarlierRecordsKept() throws Exception {
        Path segment = writeTopicsAndStop();
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 3);
        }
        assertRestartKeepsAllButLastTopic();
    }

    @Test
    void corruptLastRecordIsCutAndEarlierRecordsKept() throws Exception {
        Path segment = writeTopicsAndStop();
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long position = channel.size() - 2;
            ByteBuffer oneByte = ByteBuffer.allocate(1);
            channel.read(oneByte, position);
            oneByte.flip();
            byte flipped = (byte) (oneByte.get(0) ^ 0x5A);
            channel.write(ByteBuffer.wrap(new byte[] {flipped}), position);
        }
        assertRestartKeepsAllButLastTopic();
    }

    private Path writeTopicsAndStop() throws Exception {
        try (NodeProcess node = NodeProcess.start(log(), dataDir()); Admin admin = TestNodes.admin(node.kafkaPort())) {
            for (int i = 0; i < TOPICS; i++) {
                admin.createTopics(List.of(new NewTopic(topic(i), 1, (short) 1))).all().get();
            }
            node.stop();
        }
        return lastSegment();
    }

    private void assertRestartKeepsAllButLastTopic() throws Exception {
        try (NodeProcess node = NodeProcess.start(log(), dataDir()); Admin admin = TestNodes.admin(node.kafkaPort())) {
            Set<String> names = admin.listTopics().names().get();
            assertThat(names).containsAll(IntStream.range(0, TOPICS - 1).mapToObj(TornTailIT::topic).toList());
            assertThat(names).doesNotContain(topic(TOPICS - 1));
            assertThat(node.log()).containsPattern(
                    "WARN .*Metadata WAL recovery: cut torn or corrupt tail at offset " + LAST_TOPIC_OFFSET + " ");
            admin.createTopics(List.of(new NewTopic(topic(TOPICS - 1), 1, (short) 1))).all().get();
            assertThat(admin.listTopics().names().get()).contains(topic(TOPICS - 1));
        }
    }

    private Path lastSegment() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("data").resolve("wal").resolve("file"))) {
            return files.filter(p -> p.toString().endsWith(".wal")).sorted().reduce((a, b) -> b).orElseThrow();
        }
    }

    private static String topic(int i) {
        return "torn-" + i;
    }

    private Path log() {
        return dir.resolve("node.log");
    }

    private String dataDir() {
        return "data.dir=" + dir.resolve("data");
    }
}
