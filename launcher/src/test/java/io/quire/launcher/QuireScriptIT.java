package io.quire.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quire.tck.wal.FileTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/quire start} and {@code bin/quire wal dump}, the README's commands: the script runs the
 * node as the JVM itself, so SIGTERM stops it cleanly, and the dump of what it wrote is refused while
 * it runs and shows every record once it stopped. One node serves both, since starting one is most
 * of the cost.
 */
class QuireScriptIT {

    private static final Path SCRIPT = Path.of("..", "bin", "quire").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void startRunsTheNodeSigtermStopsItAndWalDumpShowsWhatItWrote() throws Exception {
        Path log = dir.resolve("node.log");
        Path data = dir.resolve("data");
        Process process = script(List.of("start", "--set", "kafka.port=0", "--set", "http.port=0",
                "--set", "data.dir=" + data))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        String port;
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> NodeProcess.read(log).contains("is ready"));
            assertThat(process.info().command()).get().asString().endsWith("java");

            port = NodeProcess.read(log).replaceAll("(?s).*Kafka clients connect to [^:]+:(\\d+).*", "$1");
            try (Admin admin = TestNodes.admin(Integer.parseInt(port))) {
                admin.createTopics(List.of(new NewTopic("via-script", 3, (short) 1))).all().get();
            }

            Dump whileRunning = walDump(data);
            assertThat(whileRunning.status()).isEqualTo(3);
            assertThat(whileRunning.err()).contains("is in use by another Quire process: stop the node first");
            assertThat(whileRunning.out()).isEmpty();

            process.destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(NodeProcess.read(log)).contains("Quire node 1 stopped");
        } finally {
            process.destroyForcibly();
        }
        FileTree stopped = FileTree.of(data);

        Dump dump = walDump(data);

        assertThat(dump.status()).as(dump.err()).isZero();
        assertThat(dump.out()).startsWith("WAL of plugin file in " + data.resolve("wal").resolve("file") + ":\n")
                .containsPattern("offset=0 epoch=1 bytes=\\d+ crc=ok RegisterBroker id=1 host=127.0.0.1 port=" + port)
                .containsPattern("offset=1 epoch=1 bytes=\\d+ crc=ok CreateTopic name=via-script id=\\S+ partitions=3 ")
                .contains("2 record(s), offsets 0 to 1; intact\n", "Snapshots in " + data.resolve("snapshots") + ": none\n");
        assertThat(dump.err()).isEmpty();
        assertThat(FileTree.of(data)).isEqualTo(stopped);
    }

    private static ProcessBuilder script(List<String> args) {
        ProcessBuilder builder = new ProcessBuilder(SCRIPT.toString());
        builder.command().addAll(args);
        builder.environment().put("QUIRE_SKIP_BUILD", "1");
        return builder;
    }

    private Dump walDump(Path data) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "dump", ".out");
        Path err = Files.createTempFile(dir, "dump", ".err");
        Process process = script(List.of("wal", "dump", "--data-dir", data.toString()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("bin/quire wal dump exits").isTrue();
        return new Dump(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private record Dump(int status, String out, String err) {}
}
