package io.quire.compat;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.common.utils.internals.Exit;

/**
 * Runs one of Kafka's command-line tools in this JVM through its {@code main}, as
 * {@code kafka-topics.sh} and {@code kafka-configs.sh} do, capturing what it prints and the status
 * it exits with. Kafka's {@code Exit} hook keeps the tool from ending the test JVM.
 */
final class KafkaTool {

    private KafkaTool() {}

    /** What a run printed (standard output and error together) and its exit status. */
    record Run(int status, String output) {
        List<String> lines() {
            return output.lines().toList();
        }
    }

    /** Synchronized: standard output and the exit hook belong to the whole JVM. */
    static synchronized Run run(Consumer<String[]> main, String... args) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        // The first exit is the status: a real run ends there, while here the tool goes on.
        AtomicReference<Integer> status = new AtomicReference<>();
        Exit.setExitProcedure((code, message) -> status.compareAndSet(null, code));
        try (PrintStream capture = new PrintStream(printed, true, UTF_8)) {
            System.setOut(capture);
            System.setErr(capture);
            main.accept(args);
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
            Exit.resetExitProcedure();
        }
        return new Run(status.get() == null ? 0 : status.get(), printed.toString(UTF_8));
    }
}
