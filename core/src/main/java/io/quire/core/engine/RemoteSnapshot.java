package io.quire.core.engine;

import java.io.IOException;
import java.io.InputStream;

/** A snapshot read from another member a chunk at a time, as the stream an install copies from. */
final class RemoteSnapshot extends InputStream {

    /** Fetches the chunk that starts at a position. */
    interface Chunks {
        byte[] from(long position) throws IOException, InterruptedException;
    }

    private final long size;
    private final Chunks chunks;
    private byte[] chunk;
    private int inChunk;
    private long position;

    RemoteSnapshot(LogQuestions.SnapshotChunk first, Chunks chunks) {
        this.size = first.size();
        this.chunks = chunks;
        this.chunk = first.bytes();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (position >= size) {
            return -1;
        }
        if (inChunk == chunk.length) {
            try {
                chunk = chunks.from(position);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while fetching a snapshot", e);
            }
            inChunk = 0;
        }
        int count = (int) Math.min(Math.min(length, chunk.length - inChunk), size - position);
        System.arraycopy(chunk, inChunk, into, offset, count);
        inChunk += count;
        position += count;
        return count;
    }
}
