package io.quire.bench.e2e;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.tools.TopicCommand;

/**
 * The sequential create as Kafka's own tooling times it: {@code kafka-topics --create}
 * (kafka-tools' TopicCommand, what kafka-topics.sh runs) called once per topic, in this JVM so that
 * no JVM start is timed. Each call makes its own AdminClient, as the command does, so it costs a
 * connection and a Metadata request more than {@link CompareBench}'s create. Its p50 is the check
 * of the Kafka rows: the two should agree within 2x. Runs on the Kafka class path
 * (bench/kafka/target/kafka-lib), where kafka-tools is.
 *
 * <pre>KafkaTopicsCheck --bootstrap-servers HOST:PORT --target NAME --replication-factor N
 *                  --size quick|full --results FILE</pre>
 */
public final class KafkaTopicsCheck {

    private static final int WARMUP_CALLS = 20;

    private KafkaTopicsCheck() {}

    public static void main(String[] args) throws Exception {
        Args options = Args.parse(args);
        String bootstrap = options.required("--bootstrap-servers");
        String replicationFactor = Integer.toString(options.integer("--replication-factor", 1));
        int count = CompareSizes.named(options.text("--size", "quick")).kafkaTopicsCalls();
        String prefix = "tool-" + Long.toString(System.currentTimeMillis(), 36) + "-";
        AtomicInteger status = new AtomicInteger();
        // TopicCommand ends with Exit.exit: its status is kept instead of ending this JVM.
        Exit.setExitProcedure((code, message) -> status.set(code));
        PrintStream out = System.out;
        // "Created topic ..." for every call: not part of the report on standard output.
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        Histogram latencies = Phase.newHistogram();
        long begin = 0;
        try {
            for (int i = -WARMUP_CALLS; i < count; i++) {
                if (i == 0) {
                    begin = System.nanoTime();
                }
                long start = System.nanoTime();
                TopicCommand.main("--bootstrap-server", bootstrap, "--create", "--topic", prefix + i,
                        "--partitions", "1", "--replication-factor", replicationFactor);
                if (status.get() != 0) {
                    throw new IllegalStateException("kafka-topics --create --topic " + prefix + i + " exited with "
                            + status.get());
                }
                if (i >= 0) {
                    latencies.recordValue((System.nanoTime() - start) / 1_000);
                }
            }
        } finally {
            System.setOut(out);
            Exit.resetExitProcedure();
        }
        Phase phase = new Phase(latencies, System.nanoTime() - begin);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<String> names = IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
            TopicChecks.awaitListed(admin, names, true);
        }
        Result result = Result.of(options.required("--target"), Workload.KAFKA_TOPICS_CREATE, phase, 1);
        ResultsFile.append(Path.of(options.required("--results")), result);
        System.err.printf("KafkaTopicsCheck: %s: %d calls, p50 %.0f us, p99 %.0f us%n", result.target(),
                result.requests(), result.p50(), result.p99());
    }
}
