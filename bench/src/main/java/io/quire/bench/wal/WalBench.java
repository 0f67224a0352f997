package io.quire.bench.wal;

import io.quire.spi.wal.WalProvider;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The metadata WAL benchmark. The WAL append is the fast path's only disk cost (budgeted at 1-2 ms
 * in the data-flow design), so the harness measures, on the disk holding {@code --dir}:
 * <ol>
 *   <li>the raw limit: one thread, write + force per record ({@link RawForceLoop});
 *   <li>each WAL plugin on the class path, with its default (durable) settings, under 1, 4, 16 and
 *       64 closed-loop appenders: latency percentiles and records/s ({@link WalAppendRun}). An
 *       appender is a thread blocked on its append, like a client waiting for its answer; with
 *       {@code --wait callbacks} it is a completion callback instead, as in the core's fast path;
 *   <li>the ratios the WAL is judged by ({@link Targets}).
 * </ol>
 * Progress goes to standard error, the report to standard output. Exit status: 0 when every run
 * completed, whatever the targets say; 1 when a run failed; 2 for a bad command line.
 */
public final class WalBench {

    private WalBench() {}

    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--help")) {
            System.out.print(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        List<WalProvider> plugins;
        try {
            options = BenchOptions.parse(args);
            plugins = WalPlugins.select(options.plugins());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        Path dir = options.dir().toAbsolutePath().normalize();
        Files.createDirectories(dir);
        byte[] payload = Payload.of(options.payloadBytes());

        List<Measurement> measurements = new ArrayList<>();
        progress(Measurement.RAW, 1, options);
        measurements.add(new Measurement(Measurement.RAW, 1,
                RawForceLoop.run(dir.resolve("raw"), payload, options.warmup(), options.measure())));
        for (WalProvider plugin : plugins) {
            for (int appenders : options.appenderCounts()) {
                progress(plugin.name(), appenders, options);
                measurements.add(new Measurement(plugin.name(), appenders, WalAppendRun.run(plugin,
                        dir.resolve(plugin.name() + "-" + appenders), appenders, options.waiting(), payload,
                        options.warmup(), options.measure())));
            }
        }

        PrintStream out = System.out;
        printHeader(out, options, dir, plugins);
        ResultTable.print(measurements, out);
        out.println();
        Targets.print(measurements, plugins.stream().map(WalProvider::name).toList(), out);
    }

    private static void progress(String run, int appenders, BenchOptions options) {
        System.err.printf("running %s with %d appender(s): %d s warm-up + %d s measured%n", run, appenders,
                options.warmup().toSeconds(), options.measure().toSeconds());
    }

    private static void printHeader(PrintStream out, BenchOptions options, Path dir, List<WalProvider> plugins)
            throws IOException {
        FileStore store = Files.getFileStore(dir);
        out.println("Metadata WAL benchmark, " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        out.printf("  dir %s (%s on %s), %d cores, Java %s%n", dir, store.type(), store.name(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        out.printf("  payload %d bytes; each run: %s warm-up, then %s measured; plugins %s, defaults (durable)%n",
                options.payloadBytes(), seconds(options.warmup()), seconds(options.measure()),
                plugins.stream().map(WalProvider::name).toList());
        out.println(options.waiting() == WalAppendRun.Waiting.THREADS
                ? "  appenders: one thread each, blocked on its append's future until it is durable"
                : "  appenders: one callback chain each, appending again from its append's completion (no thread)");
        out.println();
    }

    private static String seconds(Duration duration) {
        return duration.toSeconds() + " s";
    }
}
