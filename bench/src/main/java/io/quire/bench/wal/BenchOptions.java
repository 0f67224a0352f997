package io.quire.bench.wal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The harness's command line. Every option has a default, so that a bare run is the full
 * benchmark; the options exist to make a quick run (shorter, fewer appender counts, one plugin) or
 * to point the benchmark at the disk under test.
 *
 * @param dir where the raw loop's file and each WAL's fresh directory are created: the disk measured
 * @param measure how long each run is measured, after its warm-up
 * @param warmup how long each run goes before measuring starts (JIT, page cache, file growth)
 * @param payloadBytes the size of each record, the same for the raw loop and every WAL
 * @param appenderCounts the numbers of concurrent appenders to run each plugin with, ascending
 * @param plugins the WAL plugins to run, by name; empty for every plugin on the class path
 * @param waiting how each appender waits for its append: a callback (the default, as the node waits) or a blocked thread
 */
record BenchOptions(Path dir, Duration measure, Duration warmup, int payloadBytes, List<Integer> appenderCounts,
        List<String> plugins, WalAppendRun.Waiting waiting) {

    static final String USAGE = """
            Usage: WalBench [options]
              --dir PATH               directory on the disk to measure (default target/wal-bench)
              --seconds N              measured seconds per run (default 10)
              --warmup-seconds N       warm-up seconds per run, not measured (default 3)
              --payload-bytes N        record size in bytes (default 200, a serialized CreateTopic)
              --threads LIST           concurrent appender counts, comma-separated (default 1,4,16,64)
              --plugins LIST           WAL plugins to run, comma-separated (default: every plugin found)
              --wait callbacks|threads how an appender waits for its append: a completion callback that
                                       appends again, as the node's fast path does (default), or a thread
                                       blocked on it, which adds a park and wake-up per append
              --help                   this text
            Options take their value as the next argument or after '=' (--seconds=2).
            """;

    BenchOptions {
        if (payloadBytes < 1) {
            throw new IllegalArgumentException("--payload-bytes must be at least 1, got " + payloadBytes);
        }
        if (measure.isZero()) {
            throw new IllegalArgumentException("--seconds must be at least 1");
        }
        if (appenderCounts.isEmpty() || appenderCounts.stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("--threads needs counts of at least 1, got " + appenderCounts);
        }
        appenderCounts = appenderCounts.stream().distinct().sorted().toList();
        plugins = List.copyOf(plugins);
    }

    /** The defaults: the full benchmark. */
    static BenchOptions defaults() {
        return new BenchOptions(Path.of("target", "wal-bench"), Duration.ofSeconds(10), Duration.ofSeconds(3), 200,
                List.of(1, 4, 16, 64), List.of(), WalAppendRun.Waiting.CALLBACKS);
    }

    /**
     * Parses the command line; a later occurrence of an option overrides an earlier one.
     *
     * @throws IllegalArgumentException naming the offending option
     */
    static BenchOptions parse(String[] args) {
        BenchOptions options = defaults();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            String value;
            int equals = name.indexOf('=');
            if (equals > 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("option " + name + " needs a value");
            }
            options = options.with(name, value);
        }
        return options;
    }

    private BenchOptions with(String name, String value) {
        return switch (name) {
            case "--dir" -> new BenchOptions(Path.of(value), measure, warmup, payloadBytes, appenderCounts, plugins,
                    waiting);
            case "--seconds" -> new BenchOptions(dir, seconds(name, value), warmup, payloadBytes, appenderCounts,
                    plugins, waiting);
            case "--warmup-seconds" -> new BenchOptions(dir, measure, seconds(name, value), payloadBytes,
                    appenderCounts, plugins, waiting);
            case "--payload-bytes" -> new BenchOptions(dir, measure, warmup, integer(name, value), appenderCounts,
                    plugins, waiting);
            case "--threads" -> new BenchOptions(dir, measure, warmup, payloadBytes,
                    list(value).stream().map(count -> integer(name, count)).toList(), plugins, waiting);
            case "--plugins" -> new BenchOptions(dir, measure, warmup, payloadBytes, appenderCounts, list(value),
                    waiting);
            case "--wait" -> new BenchOptions(dir, measure, warmup, payloadBytes, appenderCounts, plugins,
                    waiting(value));
            default -> throw new IllegalArgumentException("unknown option " + name);
        };
    }

    private static Duration seconds(String name, String value) {
        int seconds = integer(name, value);
        if (seconds < 0) {
            throw new IllegalArgumentException(name + " must not be negative, got " + value);
        }
        return Duration.ofSeconds(seconds);
    }

    private static WalAppendRun.Waiting waiting(String value) {
        return switch (value.trim()) {
            case "threads" -> WalAppendRun.Waiting.THREADS;
            case "callbacks" -> WalAppendRun.Waiting.CALLBACKS;
            default -> throw new IllegalArgumentException("--wait expects threads or callbacks, got '" + value + "'");
        };
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " expects an integer, got '" + value + "'", e);
        }
    }

    private static List<String> list(String value) {
        List<String> items = new ArrayList<>();
        for (String item : value.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }
}
