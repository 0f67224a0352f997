package io.quire.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node in its own JVM is killed with SIGKILL while it creates topics; nothing acknowledged is lost. */
class CrashRecoveryIT {

    private static final int CREATORS = 8;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedTopicSurvivesSigkill() throws Exception {
        Path log = dir.resolve("node.log");
        String dataDir = "data.dir=" + dir.resolve("data");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger sequence = new AtomicInteger();
        ExecutorService creators = Executors.newFixedThreadPool(CREATORS);
        try (NodeProcess node = NodeProcess.start(log, dataDir); Admin admin = TestNodes.admin(node.kafkaPort())) {
            for (int i = 0; i < CREATORS; i++) {
                creators.submit(() -> createUntilStopped(admin, sequence, acknowledged, stop));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 300);
            node.kill();
            stop.set(true);
            creators.shutdownNow();
            assertThat(creators.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
        Set<String> survivors = Set.copyOf(acknowledged);

        try (NodeProcess restarted = NodeProcess.start(log, dataDir);
                Admin admin = TestNodes.admin(restarted.kafkaPort())) {
            assertThat(admin.listTopics().names().get()).containsAll(survivors);
            assertThat(restarted.log()).contains("Phase 2: MetadataStore initialized");
        }
    }

    private static void createUntilStopped(Admin admin, AtomicInteger sequence, Set<String> acknowledged,
            AtomicBoolean stop) {
        while (!stop.get() && !Thread.currentThread().isInterrupted()) {
            String name = "crash-" + sequence.getAndIncrement();
            try {
                admin.createTopics(List.of(new NewTopic(name, 1 + name.length() % 3, (short) 1))).all()
                        .get(10, TimeUnit.SECONDS);
                acknowledged.add(name);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // The node is gone: this creation was never acknowledged.
            }
        }
    }
}
