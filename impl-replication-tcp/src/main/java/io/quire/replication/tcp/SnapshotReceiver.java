package io.quire.replication.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Assembles a snapshot from its chunks in a temporary file under the plugin's directory, so that a
 * snapshot of any size costs no heap, and checks its length and CRC32C before it is installed.
 * Closing it deletes the file.
 */
final class SnapshotReceiver implements AutoCloseable {

    private static final String FILE_GLOB = "snapshot-*.part";

    private final Path file;
    private final OutputStream out;
    private final long endOffset;
    private final long epoch;
    private final CRC32C crc = new CRC32C();
    private long bytes;

    private SnapshotReceiver(Path file, long endOffset, long epoch) throws IOException {
        this.file = file;
        this.out = Files.newOutputStream(file);
        this.endOffset = endOffset;
        this.epoch = epoch;
    }

    static SnapshotReceiver open(Path dir, long endOffset, long epoch) throws IOException {
        return new SnapshotReceiver(Files.createTempFile(dir, "snapshot-", ".part"), endOffset, epoch);
    }

    /** Deletes what a process that died while receiving a snapshot left behind. */
    static void deleteLeftovers(Path dir) throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir, FILE_GLOB)) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        }
    }

    long endOffset() {
        return endOffset;
    }

    long epoch() {
        return epoch;
    }

    long bytes() {
        return bytes;
    }

    void write(byte[] chunk) throws IOException {
        out.write(chunk);
        crc.update(chunk);
        bytes += chunk.length;
    }

    /**
     * The complete snapshot, to read once.
     *
     * @throws ProtocolException when its length or checksum differs from what the leader sent
     */
    InputStream finish(long totalBytes, int crc32c) throws IOException, ProtocolException {
        out.close();
        if (totalBytes != bytes || crc32c != (int) crc.getValue()) {
            throw new ProtocolException("snapshot received is " + bytes + " bytes with CRC32C " + (int) crc.getValue()
                    + ", the leader sent " + totalBytes + " bytes with CRC32C " + crc32c);
        }
        return Files.newInputStream(file);
    }

    @Override
    public void close() throws IOException {
        out.close();
        Files.deleteIfExists(file);
    }
}
