package io.quire.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/quire start}, the README's command: it runs the node as the JVM itself, so SIGTERM stops it cleanly. */
class QuireScriptIT {

    @TempDir
    Path dir;

    @Test
    void startRunsTheNodeAndSigtermStopsIt() throws Exception {
        Path log = dir.resolve("node.log");
        Path script = Path.of("..", "bin", "quire").toAbsolutePath().normalize();
        ProcessBuilder builder = new ProcessBuilder(script.toString(), "start", "--set", "kafka.port=0", "--set", "http.port=0",
                "--set", "data.dir=" + dir.resolve("data"));
        builder.environment().put("QUIRE_SKIP_BUILD", "1");
        Process process = builder
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> NodeProcess.read(log).contains("is ready"));
            assertThat(process.info().command()).get().asString().endsWith("java");

            int port = Integer.parseInt(NodeProcess.read(log).replaceAll("(?s).*Kafka clients connect to [^:]+:(\\d+).*", "$1"));
            try (Admin admin = TestNodes.admin(port)) {
                admin.createTopics(List.of(new NewTopic("via-script", 1, (short) 1))).all().get();
            }

            process.destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(NodeProcess.read(log)).contains("Quire node 1 stopped");
        } finally {
            process.destroyForcibly();
        }
    }
}
