package io.quire.wal.mapdb;

import java.io.File;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.mapdb.DataIO;
import org.mapdb.DataInput2;
import org.mapdb.volume.Volume;

/**
 * One file of MapDB's own log, in memory: it stages a transaction's records until the commit and
 * is dropped after it. One growable array instead of MapDB's {@code ByteArrayVol}, which allocates
 * (and so zeroes) a 1 MiB page for every transaction; on close the used part is zeroed and the
 * array handed back for the next transaction's log.
 *
 * <p>MapDB appends to its log only from the committing thread (the store's own locks order it),
 * and reads a record back under the same monitor as its append; the array reference is volatile so
 * that a reader sees the grown array.
 */
final class StagingVolume extends Volume {

    private static final int INITIAL_BYTES = 64 << 10;

    private final Consumer<byte[]> recycler;
    private volatile byte[] bytes;
    private long length;
    /** One past the highest byte that may have been written: what must be zeroed. */
    private int used;

    /** @param recycled an array to reuse, all zeros, or null */
    StagingVolume(byte[] recycled, Consumer<byte[]> recycler) {
        this.bytes = recycled != null ? recycled : new byte[INITIAL_BYTES];
        this.recycler = recycler;
    }

    @Override
    public synchronized void ensureAvailable(long offset) {
        if (offset > bytes.length) {
            long size = Math.max(offset, 2L * bytes.length);
            bytes = Arrays.copyOf(bytes, Math.toIntExact(Math.min(size, Integer.MAX_VALUE - 16)));
        }
        length = Math.max(length, offset);
    }

    @Override
    public synchronized void truncate(long size) {
        if (size < used) {
            Arrays.fill(bytes, (int) size, used, (byte) 0);
            used = (int) size;
        }
        length = Math.min(length, size);
    }

    private byte[] writable(long offset, int size) {
        if (offset + size > bytes.length) {
            ensureAvailable(offset + size);
        }
        used = Math.max(used, (int) (offset + size));
        return bytes;
    }

    @Override
    public void putLong(long offset, long value) {
        DataIO.putLong(writable(offset, Long.BYTES), (int) offset, value);
    }

    @Override
    public void putInt(long offset, int value) {
        DataIO.putInt(writable(offset, Integer.BYTES), (int) offset, value);
    }

    @Override
    public void putByte(long offset, byte value) {
        writable(offset, 1)[(int) offset] = value;
    }

    @Override
    public void putData(long offset, byte[] src, int srcPos, int srcSize) {
        System.arraycopy(src, srcPos, writable(offset, srcSize), (int) offset, srcSize);
    }

    @Override
    public void putData(long offset, ByteBuffer buf) {
        int size = buf.remaining();
        buf.get(writable(offset, size), (int) offset, size);
    }

    @Override
    public void clear(long startOffset, long endOffset) {
        Arrays.fill(writable(startOffset, (int) (endOffset - startOffset)), (int) startOffset, (int) endOffset,
                (byte) 0);
    }

    @Override
    public long getLong(long offset) {
        return DataIO.getLong(bytes, (int) offset);
    }

    @Override
    public int getInt(long offset) {
        return DataIO.getInt(bytes, (int) offset);
    }

    @Override
    public byte getByte(long offset) {
        return bytes[(int) offset];
    }

    @Override
    public DataInput2 getDataInput(long offset, int size) {
        return new DataInput2.ByteArray(bytes, (int) offset);
    }

    @Override
    public void getData(long offset, byte[] dst, int dstPos, int size) {
        System.arraycopy(bytes, (int) offset, dst, dstPos, size);
    }

    /**
     * MapDB hashes its log at each commit, into the commit's own instruction; only replaying the
     * log would check it, and an in-memory log is never replayed. So any hash of the range will do:
     * CRC32C, one intrinsic pass, instead of MapDB's xxhash streamed through JNI in 128-byte pieces.
     */
    @Override
    public long hash(long off, long len, long seed) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, (int) off, (int) len);
        return crc.getValue() ^ seed;
    }

    /** Zeroes what was written and hands the array back. */
    @Override
    public synchronized void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Arrays.fill(bytes, 0, used, (byte) 0);
        recycler.accept(bytes);
        bytes = null;
    }

    @Override
    public void sync() {}

    @Override
    public int sliceSize() {
        return -1;
    }

    @Override
    public boolean isSliced() {
        return false;
    }

    @Override
    public synchronized long length() {
        return length;
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public File getFile() {
        return null;
    }

    @Override
    public boolean getFileLocked() {
        return false;
    }
}
