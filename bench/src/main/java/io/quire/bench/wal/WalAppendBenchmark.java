package io.quire.bench.wal;

import io.quire.spi.wal.MetadataWal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The WAL's append path under JMH, for what the harness ({@link WalBench}) cannot do: change a
 * plugin's settings. Its use is to take the disk out of the measurement (for the {@code file} WAL,
 * {@code -p settings=fsync-interval-ms=60000}, so no batch is forced) and see what the append path
 * costs by itself: the hand-off to the WAL's writer thread, framing, the write call and the
 * completion. With the defaults it measures the same single durable append as the harness.
 *
 * <p>Run it through {@code run-wal-bench.sh jmh [JMH options]}; {@code -t N} sets the number of
 * appenders. Each trial opens a fresh WAL in a new directory under {@link #dir}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class WalAppendBenchmark {

    /** The WAL plugin, by name. */
    @Param("file")
    public String plugin;

    /** Settings as {@code key=value} pairs separated by ';' (JMH splits parameter lists at ','). */
    @Param("")
    public String settings;

    @Param("200")
    public int payloadBytes;

    /** Where each trial's WAL directory is created: the disk measured. */
    @Param("target/wal-jmh")
    public String dir;

    private Path walDir;
    private MetadataWal wal;
    private byte[] payload;

    @Setup
    public void open() throws IOException {
        Path base = Files.createDirectories(Path.of(dir));
        walDir = Files.createTempDirectory(base, plugin + "-");
        payload = Payload.of(payloadBytes);
        wal = WalPlugins.open(WalPlugins.select(List.of(plugin)).get(0), walDir, parse(settings));
    }

    @Benchmark
    public long append() {
        return wal.append(1, payload).join();
    }

    @TearDown
    public void close() throws IOException {
        wal.close();
        Directories.deleteRecursively(walDir);
    }

    private static Map<String, String> parse(String settings) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : settings.split(";")) {
            if (pair.isBlank()) {
                continue;
            }
            int equals = pair.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("setting '" + pair + "' is not key=value");
            }
            values.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
        }
        return values;
    }
}
