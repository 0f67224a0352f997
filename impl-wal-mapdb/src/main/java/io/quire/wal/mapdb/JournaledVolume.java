package io.quire.wal.mapdb;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.mapdb.DBException;
import org.mapdb.DataInput2;
import org.mapdb.volume.Volume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store file as MapDB sees it, made crash safe. MapDB 3.1's transactional store forces its own
 * log and then writes the commit into the store file in place, but it never replays that log when
 * the store is opened: a crash, a full disk or an I/O error while the store file is written leaves
 * it half updated and corrupt. Its store writes to this volume only inside a commit, ending with
 * one {@link #sync()}; this volume keeps those writes in memory and makes them durable at the sync
 * as one unit:
 * <ol>
 *   <li>the writes and their checksum are written over the journal file from its start, which is
 *       forced: from here the commit is durable;
 *   <li>the writes are applied to the store file, which is forced.
 * </ol>
 * Opening applies a journal whose checksum holds once more: it is the last commit's, possibly
 * half applied, and applying it again yields the same file. A journal whose checksum fails was torn
 * before its commit touched the store file, and is ignored.
 *
 * <p>Reads see the store file overlaid with the writes not yet applied. Methods are synchronized,
 * as MapDB's own file volume's are, since a {@link RandomAccessFile} has one position.
 */
final class JournaledVolume extends Volume {

    private static final Logger LOG = LoggerFactory.getLogger(JournaledVolume.class);

    /** "QJNL": a journal header; anything else is no journal. */
    private static final int MAGIC = 0x514A4E4C;
    /** Magic, checksum of the body, body length. */
    private static final int HEADER_BYTES = Integer.BYTES + Integer.BYTES + Long.BYTES;

    /** One write MapDB made since the last sync. */
    private record Write(long offset, byte[] bytes) {}

    private final Path path;
    private final RandomAccessFile store;
    private final RandomAccessFile journal;
    private final List<Write> pending = new ArrayList<>();
    private long fileLength;
    private long length;

    private JournaledVolume(Path path, RandomAccessFile store, RandomAccessFile journal) throws IOException {
        this.path = path;
        this.store = store;
        this.journal = journal;
        this.fileLength = store.length();
        this.length = fileLength;
    }

    /** The journal that belongs to the store file {@code path}. */
    static Path journalOf(Path path) {
        return path.resolveSibling(path.getFileName() + ".journal");
    }

    /**
     * Opens (or creates) the store file and its journal, locks the store file against a second
     * open, and applies the journal's last commit.
     *
     * @throws IOException when the files cannot be opened or are locked, or the journal cannot be applied
     */
    static JournaledVolume open(Path path) throws IOException {
        Path journalPath = journalOf(path);
        boolean creating = !Files.exists(path) || !Files.exists(journalPath);
        RandomAccessFile store = openFile(path, path);
        try {
            lock(store, path);
            RandomAccessFile journal = openFile(journalPath, path);
            try {
                if (creating) {
                    // New directory entries are durable only once the directory is forced.
                    try (FileChannel directory = FileChannel.open(path.toAbsolutePath().getParent(),
                            StandardOpenOption.READ)) {
                        directory.force(true);
                    }
                }
                JournaledVolume volume = new JournaledVolume(path, store, journal);
                volume.recover();
                return volume;
            } catch (IOException | RuntimeException e) {
                journal.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private static RandomAccessFile openFile(Path file, Path path) throws IOException {
        try {
            return new RandomAccessFile(file.toFile(), "rw");
        } catch (IOException e) {
            throw new IOException("Metadata WAL store " + path + " cannot be opened: " + e.getMessage(), e);
        }
    }

    private static void lock(RandomAccessFile store, Path path) throws IOException {
        FileLock lock;
        try {
            lock = store.getChannel().tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new IOException("Metadata WAL store " + path + " is locked: another WAL holds it open");
        }
    }

    @Override
    public synchronized void ensureAvailable(long offset) {
        length = Math.max(length, offset);
    }

    /** MapDB's transactional store never shrinks its file. */
    @Override
    public void truncate(long size) {
        throw new UnsupportedOperationException("the journaled MapDB store file does not shrink");
    }

    @Override
    public synchronized void putLong(long offset, long value) {
        write(offset, ByteBuffer.allocate(Long.BYTES).putLong(value).array());
    }

    @Override
    public synchronized void putInt(long offset, int value) {
        write(offset, ByteBuffer.allocate(Integer.BYTES).putInt(value).array());
    }

    @Override
    public synchronized void putByte(long offset, byte value) {
        write(offset, new byte[] {value});
    }

    @Override
    public synchronized void putData(long offset, byte[] src, int srcPos, int srcSize) {
        write(offset, Arrays.copyOfRange(src, srcPos, srcPos + srcSize));
    }

    @Override
    public synchronized void putData(long offset, ByteBuffer buf) {
        byte[] bytes = new byte[buf.remaining()];
        buf.get(bytes);
        write(offset, bytes);
    }

    @Override
    public synchronized void clear(long startOffset, long endOffset) {
        write(startOffset, new byte[Math.toIntExact(endOffset - startOffset)]);
    }

    @Override
    public synchronized long getLong(long offset) {
        return ByteBuffer.wrap(read(offset, Long.BYTES)).getLong();
    }

    @Override
    public synchronized int getInt(long offset) {
        return ByteBuffer.wrap(read(offset, Integer.BYTES)).getInt();
    }

    @Override
    public synchronized byte getByte(long offset) {
        return read(offset, 1)[0];
    }

    @Override
    public synchronized DataInput2 getDataInput(long offset, int size) {
        return new DataInput2.ByteArray(read(offset, size));
    }

    @Override
    public synchronized void getData(long offset, byte[] bytes, int bytesPos, int size) {
        System.arraycopy(read(offset, size), 0, bytes, bytesPos, size);
    }

    /** Makes the writes since the last sync durable: journal first, then the store file. */
    @Override
    public synchronized void sync() {
        if (pending.isEmpty() && length <= fileLength) {
            return;
        }
        try {
            byte[] body = encodeBody();
            journal.seek(0);
            journal.write(ByteBuffer.allocate(HEADER_BYTES).putInt(MAGIC).putInt(checksum(body))
                    .putLong(body.length).array());
            journal.write(body);
            journal.getFD().sync();
            apply(length, pending);
            store.getFD().sync();
        } catch (IOException e) {
            // The writes stay pending, so reads still match what MapDB holds in memory.
            throw new DBException.VolumeIOError("Metadata WAL store " + path + ": writing a commit failed: " + e, e);
        }
        pending.clear();
    }

    /**
     * Closes both files. After a clean last sync the journal is emptied, so that the next open has
     * nothing to apply; after a failed one it is kept for the next open to judge.
     */
    @Override
    public synchronized void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (pending.isEmpty()) {
                journal.setLength(0);
            }
        } catch (IOException e) {
            LOG.warn("Metadata WAL store {}: emptying the journal at close failed", path, e);
        } finally {
            closeQuietly(journal);
            closeQuietly(store);
        }
    }

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
        return path.toFile();
    }

    @Override
    public boolean getFileLocked() {
        return true;
    }

    private void write(long offset, byte[] bytes) {
        pending.add(new Write(offset, bytes));
        length = Math.max(length, offset + bytes.length);
    }

    /** The store file's bytes (zeros beyond its end), overlaid with the pending writes in order. */
    private byte[] read(long offset, int size) {
        byte[] bytes = new byte[size];
        int fromFile = (int) Math.max(0, Math.min(size, fileLength - offset));
        try {
            if (fromFile > 0) {
                store.seek(offset);
                store.readFully(bytes, 0, fromFile);
            }
        } catch (IOException e) {
            throw new DBException.VolumeIOError("Metadata WAL store " + path + ": reading failed: " + e, e);
        }
        for (Write write : pending) {
            long from = Math.max(offset, write.offset());
            long to = Math.min(offset + size, write.offset() + write.bytes().length);
            if (from < to) {
                System.arraycopy(write.bytes(), (int) (from - write.offset()), bytes, (int) (from - offset),
                        (int) (to - from));
            }
        }
        return bytes;
    }

    /** The journal body: the store file's new length, then every write as offset, size, bytes. */
    private byte[] encodeBody() {
        int size = Long.BYTES;
        for (Write write : pending) {
            size += Long.BYTES + Integer.BYTES + write.bytes().length;
        }
        ByteBuffer body = ByteBuffer.allocate(size).putLong(length);
        for (Write write : pending) {
            body.putLong(write.offset()).putInt(write.bytes().length).put(write.bytes());
        }
        return body.array();
    }

    /** Applies the journal's commit again when it is whole; ignores it when it is torn. */
    private void recover() throws IOException {
        long journalLength = journal.length();
        if (journalLength == 0) {
            return;
        }
        byte[] body = readWholeBody(journalLength);
        if (body == null) {
            LOG.warn("Metadata WAL store {}: ignored a torn journal of {} bytes; its commit had not reached the store"
                    + " file", path, journalLength);
        } else {
            ByteBuffer buffer = ByteBuffer.wrap(body);
            long newLength = buffer.getLong();
            List<Write> writes = new ArrayList<>();
            while (buffer.hasRemaining()) {
                long offset = buffer.getLong();
                byte[] bytes = new byte[buffer.getInt()];
                buffer.get(bytes);
                writes.add(new Write(offset, bytes));
            }
            apply(newLength, writes);
            store.getFD().sync();
            LOG.info("Metadata WAL store {}: applied the journal of the last commit again ({} writes), as the store was"
                    + " not closed cleanly", path, writes.size());
        }
        // A later commit overwrites the journal from its start, so emptying it need not be forced.
        journal.setLength(0);
    }

    /** The journal's body when its header and checksum hold, else null. */
    private byte[] readWholeBody(long journalLength) throws IOException {
        if (journalLength < HEADER_BYTES) {
            return null;
        }
        journal.seek(0);
        if (journal.readInt() != MAGIC) {
            return null;
        }
        int expectedChecksum = journal.readInt();
        long bodyLength = journal.readLong();
        if (bodyLength < Long.BYTES || bodyLength > journalLength - HEADER_BYTES) {
            return null;
        }
        byte[] body = new byte[Math.toIntExact(bodyLength)];
        journal.readFully(body);
        return checksum(body) == expectedChecksum ? body : null;
    }

    private void apply(long newLength, List<Write> writes) throws IOException {
        if (newLength > store.length()) {
            store.setLength(newLength);
        }
        for (Write write : writes) {
            store.seek(write.offset());
            store.write(write.bytes());
        }
        fileLength = store.length();
        length = Math.max(length, fileLength);
    }

    private static int checksum(byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(body);
        return (int) crc.getValue();
    }

    private void closeQuietly(RandomAccessFile file) {
        try {
            file.close();
        } catch (IOException e) {
            LOG.warn("Metadata WAL store {}: closing a file failed", path, e);
        }
    }
}
