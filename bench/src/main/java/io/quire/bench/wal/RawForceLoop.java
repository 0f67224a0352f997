package io.quire.bench.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ExecutionException;

/**
 * The physical limit a WAL is judged against: one thread appending a record-sized buffer to a file
 * with {@link FileChannel#write} and then {@link FileChannel#force force(false)} (fdatasync), one
 * record per force. The file grows as a WAL segment does, so each force also carries the file's new
 * size, as the WAL's forces do. A single durable append cannot be faster than this on the same
 * disk; a WAL's single-appender latency above it is the WAL's own cost (hand-offs between threads,
 * framing, bookkeeping).
 */
public final class RawForceLoop {

    private RawForceLoop() {}

    /** Runs the loop in a file in a fresh {@code dir}, deleted afterwards. */
    public static LoopResult run(Path dir, byte[] payload, Duration warmup, Duration measure)
            throws IOException, InterruptedException, ExecutionException {
        Directories.deleteRecursively(dir);
        Path file = Files.createDirectories(dir).resolve("raw-force.log");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer record = ByteBuffer.wrap(payload);
            return BlockingLoop.run("raw", 1, warmup, measure, () -> {
                record.clear();
                while (record.hasRemaining()) {
                    channel.write(record);
                }
                channel.force(false);
            });
        } finally {
            Directories.deleteRecursively(dir);
        }
    }
}
