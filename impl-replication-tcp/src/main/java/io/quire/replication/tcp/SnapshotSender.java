package io.quire.replication.tcp;

import io.quire.replication.tcp.Frame.SnapshotChunk;
import io.quire.replication.tcp.Frame.SnapshotEnd;
import io.quire.spi.replication.LeaderLog;
import java.io.IOException;
import java.util.zip.CRC32C;

/**
 * Cuts the leader's snapshot stream into SNAPSHOT_CHUNK frames and ends it with SNAPSHOT_END,
 * which carries the length and CRC32C that the follower checks. The leader's snapshot has no known
 * size up front, so the totals travel at the end rather than in SNAPSHOT_BEGIN.
 */
final class SnapshotSender implements AutoCloseable {

    private final LeaderLog.Snapshot snapshot;
    private final int chunkBytes;
    private final CRC32C crc = new CRC32C();
    private long sentBytes;

    SnapshotSender(LeaderLog.Snapshot snapshot, int chunkBytes) {
        this.snapshot = snapshot;
        this.chunkBytes = chunkBytes;
    }

    long endOffset() {
        return snapshot.endOffset();
    }

    long epoch() {
        return snapshot.epoch();
    }

    long sentBytes() {
        return sentBytes;
    }

    /** The next chunk, or the SNAPSHOT_END frame once the stream is exhausted. Reads the disk. */
    Frame next() throws IOException {
        byte[] chunk = snapshot.data().readNBytes(chunkBytes);
        if (chunk.length == 0) {
            return new SnapshotEnd(sentBytes, (int) crc.getValue());
        }
        crc.update(chunk);
        sentBytes += chunk.length;
        return new SnapshotChunk(chunk);
    }

    @Override
    public void close() {
        try {
            snapshot.data().close();
        } catch (IOException e) {
            // Only read from; nothing is lost when closing it fails.
        }
    }
}
