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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32C;
import org.mapdb.DBException;
import org.mapdb.DataInput2;
import org.mapdb.volume.Volume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store file as MapDB sees it, made crash safe by a write-ahead journal of commits. MapDB 3.1's
 * transactional store writes a commit into the store file in place and never replays its own log,
 * so a crash, a full disk or an I/O error during those writes would leave the store corrupt. Its
 * store writes to this volume only inside a commit, ending with one {@link #sync()}; this volume
 * keeps those writes in memory and makes them durable at the sync as one unit, with one force:
 * <ol>
 *   <li>the byte ranges the commit changed (compared with the store file, coalesced) are appended
 *       to the journal file as one checksummed entry, and the journal alone is forced: from here the
 *       commit is durable;
 *   <li>the ranges are written into the store file in place, which is not forced.
 * </ol>
 * A checkpoint forces the store file and starts the journal again from its start; it runs when the
 * journal holds {@code checkpointBytes} and at a clean close. Every store write since the last
 * checkpoint therefore belongs to an entry in the journal, so opening replays every intact entry,
 * in order, onto the store file (writing a range again yields the same bytes: replay is
 * idempotent), forces it and starts a new journal.
 *
 * <h2>Journal format</h2>
 * A sequence of entries from byte 0. An entry is {@code magic (4) | crc32c (4) | generation (8) |
 * sequence (8) | body length (4) | body}, the checksum taken over everything after itself. The body
 * is the store file's length after the commit, then each changed range as {@code offset (8) |
 * length (4) | bytes}. Each cycle between checkpoints draws a random generation; its entries are
 * numbered from 0. The valid journal is the chain of entries from byte 0 that all carry the first
 * entry's generation, numbered 0, 1, 2...; it ends at the first entry whose magic, checksum,
 * generation or number does not fit. The file is not truncated at a checkpoint (a new cycle
 * overwrites the old one's blocks, which forces faster than growing the file), so stale entries of
 * an older cycle, or the zeros written ahead to allocate blocks, follow the chain.
 *
 * <h2>Crash windows</h2>
 * <ul>
 *   <li><b>During the journal append.</b> The entry may be torn: its checksum fails and replay stops
 *       before it. Nothing of it reached the store file (that happens only after the force), and
 *       its commit was never acknowledged.
 *   <li><b>During the in-place store writes</b> (of this commit, or not yet written back from
 *       earlier ones). The entries are durable and replay writes every range again.
 *   <li><b>During a checkpoint.</b> Until the store file's force returns, the journal still holds
 *       every entry since the previous checkpoint. After it, the old entries are at most replayed
 *       again onto a store file that already holds them, which changes nothing: a new cycle's first
 *       entry overwrites byte 0 before any of its ranges reaches the store file.
 *   <li><b>During recovery.</b> The journal is only restarted after the store file was forced, so
 *       a second recovery replays the same entries again.
 * </ul>
 *
 * <p>After a failed write or force the volume refuses every later sync and leaves the journal
 * as it is for the next open to judge; the writes not known to be applied stay pending, so that
 * reads still match what MapDB holds in memory. Reads see the store file (through a small cache of
 * its pages) overlaid with the pending writes. Methods are synchronized, as MapDB's own file
 * volume's are, since a {@link RandomAccessFile} has one position; a {@link RandomAccessFile},
 * unlike a {@link FileChannel}, is not closed when a thread using it is interrupted.
 */
final class JournaledVolume extends Volume {

    private static final Logger LOG = LoggerFactory.getLogger(JournaledVolume.class);

    /** "QJE1": the start of a journal entry. */
    private static final int MAGIC = 0x514A4531;
    /** Magic, checksum, generation, sequence, body length. */
    static final int ENTRY_HEADER_BYTES = Integer.BYTES + Integer.BYTES + Long.BYTES + Long.BYTES + Integer.BYTES;
    /** Offset and length before each range's bytes. */
    private static final int RANGE_HEADER_BYTES = Long.BYTES + Integer.BYTES;
    /** Unchanged bytes between two changes, up to this many, are journaled and written with them as one range. */
    private static final int RANGE_GAP = 64;
    /** Writes closer than this are compared with the store file as one span. */
    private static final int SPAN_GAP = 512;
    /** The journal is allocated ahead in steps of this size, by writing zeros. */
    private static final int PREALLOCATE_BYTES = 1 << 20;
    /** The journal is allocated ahead only while the file system has this much space free. */
    private static final long PREALLOCATE_FREE_BYTES = 256L << 20;
    private static final byte[] ZEROS = new byte[64 << 10];
    /** The store file is cached in pages of this size, up to {@link #CACHED_PAGES} of them. */
    private static final int PAGE_BYTES = 4096;
    private static final int CACHED_PAGES = 2048;
    /** The buffers for pending writes and comparisons start at this size, and are kept up to the larger one. */
    private static final int INITIAL_BUFFER_BYTES = 128 << 10;
    private static final int KEPT_BUFFER_BYTES = 4 << 20;
    /** Reads at least this long bypass the cache. */
    private static final int UNCACHED_READ_BYTES = 64 << 10;

    /** One write MapDB made since the last sync: {@code length} bytes of {@link #staged} from {@code from}. */
    private record Write(long offset, int from, int length) {}

    /** A changed range of the store file: {@code length} bytes of {@code source} from {@code from}. */
    private record Range(long offset, byte[] source, int from, int length) {}

    private final Path path;
    private final RandomAccessFile store;
    private final RandomAccessFile journal;
    private final long checkpointBytes;
    private final List<Write> pending = new ArrayList<>();
    /** The bytes of the pending writes, one after the other; reused from sync to sync. */
    private byte[] staged = new byte[INITIAL_BUFFER_BYTES];
    private int stagedBytes;
    /** Where a sync compares each span's bytes before and after its writes; reused from sync to sync. */
    private byte[] scratch = new byte[INITIAL_BUFFER_BYTES];
    /** Pages of the store file as it is on disk (not overlaid), least recently used first. */
    private final Map<Long, byte[]> cache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
            return size() > CACHED_PAGES;
        }
    };
    private long fileLength;
    private long length;
    private long journalEnd;
    private long journalAllocated;
    private boolean preallocating = true;
    private long generation;
    private long sequence;
    private long checkpoints;
    private Exception failure;

    private JournaledVolume(Path path, RandomAccessFile store, RandomAccessFile journal, long checkpointBytes)
            throws IOException {
        this.path = path;
        this.store = store;
        this.journal = journal;
        this.checkpointBytes = checkpointBytes;
        this.fileLength = store.length();
        this.length = fileLength;
        this.journalAllocated = journal.length();
    }

    /** The journal that belongs to the store file {@code path}. */
    static Path journalOf(Path path) {
        return path.resolveSibling(path.getFileName() + ".journal");
    }

    /** Opens with the default checkpoint size. */
    static JournaledVolume open(Path path) throws IOException {
        return open(path, MapDbWalProvider.CHECKPOINT_BYTES.defaultValue());
    }

    /**
     * Opens (or creates) the store file and its journal, locks the store file against a second
     * open, and replays the journal onto the store file.
     *
     * @param checkpointBytes the journal's size from which a commit is followed by a checkpoint
     * @throws IOException when the files cannot be opened or are locked, or the journal cannot be replayed
     */
    static JournaledVolume open(Path path, long checkpointBytes) throws IOException {
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
                JournaledVolume volume = new JournaledVolume(path, store, journal, checkpointBytes);
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
        int at = stage(offset, Long.BYTES);
        for (int i = Long.BYTES - 1; i >= 0; i--) {
            staged[at + i] = (byte) value;
            value >>>= 8;
        }
    }

    @Override
    public synchronized void putInt(long offset, int value) {
        int at = stage(offset, Integer.BYTES);
        for (int i = Integer.BYTES - 1; i >= 0; i--) {
            staged[at + i] = (byte) value;
            value >>>= 8;
        }
    }

    @Override
    public synchronized void putByte(long offset, byte value) {
        int at = stage(offset, 1);
        staged[at] = value;
    }

    @Override
    public synchronized void putData(long offset, byte[] src, int srcPos, int srcSize) {
        int at = stage(offset, srcSize);
        System.arraycopy(src, srcPos, staged, at, srcSize);
    }

    @Override
    public synchronized void putData(long offset, ByteBuffer buf) {
        int size = buf.remaining();
        int at = stage(offset, size);
        buf.get(staged, at, size);
    }

    @Override
    public synchronized void clear(long startOffset, long endOffset) {
        int size = Math.toIntExact(endOffset - startOffset);
        int at = stage(startOffset, size);
        Arrays.fill(staged, at, at + size, (byte) 0);
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

    /**
     * Makes the writes since the last sync durable: one journal entry, forced; then the store file,
     * in place and not forced; then a checkpoint once the journal is large enough.
     */
    @Override
    public synchronized void sync() {
        if (failure != null) {
            throw new DBException.VolumeIOError("Metadata WAL store " + path + ": an earlier write failed ("
                    + failure + "); reopen to recover", failure);
        }
        if (pending.isEmpty() && length <= fileLength) {
            return;
        }
        try {
            List<Range> changes = changedRanges();
            if (!changes.isEmpty() || length > fileLength) {
                appendEntry(length, changes);
                apply(length, changes);
            }
            pending.clear();
            stagedBytes = 0;
            if (staged.length > KEPT_BUFFER_BYTES) {
                staged = new byte[INITIAL_BUFFER_BYTES];
            }
            if (scratch.length > KEPT_BUFFER_BYTES) {
                scratch = new byte[INITIAL_BUFFER_BYTES];
            }
            if (journalEnd >= checkpointBytes) {
                checkpoint();
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
            throw new DBException.VolumeIOError("Metadata WAL store " + path + ": writing a commit failed: " + e, e);
        }
    }

    /**
     * Closes both files. Unless a write failed, a checkpoint first makes the store file durable
     * and the journal is emptied, so that the next open has nothing to replay; after a failure the
     * journal is kept for the next open to judge. Writes never synced are dropped.
     */
    @Override
    public synchronized void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (failure == null) {
                store.getFD().sync();
                journal.setLength(0);
            }
        } catch (IOException e) {
            LOG.warn("Metadata WAL store {}: the checkpoint at close failed; the journal is kept and replayed on the"
                    + " next open", path, e);
        } finally {
            closeQuietly(journal);
            closeQuietly(store);
        }
    }

    /** How many checkpoints ran since open (recovery's included). */
    synchronized long checkpointCount() {
        return checkpoints;
    }

    /** The bytes of the current journal cycle. */
    synchronized long journalBytes() {
        return journalEnd;
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

    /**
     * Records a pending write of {@code size} bytes; returns where in {@link #staged} to put them.
     * It may replace {@link #staged}: callers read the field only after calling it.
     */
    private int stage(long offset, int size) {
        int at = stagedBytes;
        if (size > staged.length - at) {
            staged = Arrays.copyOf(staged, Math.max(Math.addExact(at, size), 2 * staged.length));
        }
        stagedBytes += size;
        pending.add(new Write(offset, at, size));
        length = Math.max(length, offset + size);
        return at;
    }

    /** The store file's bytes (zeros beyond its end), overlaid with the pending writes in order. */
    private byte[] read(long offset, int size) {
        byte[] bytes = new byte[size];
        try {
            readStore(offset, bytes, 0, size);
        } catch (IOException e) {
            throw new DBException.VolumeIOError("Metadata WAL store " + path + ": reading failed: " + e, e);
        }
        for (Write write : pending) {
            long from = Math.max(offset, write.offset());
            long to = Math.min(offset + size, write.offset() + write.length());
            if (from < to) {
                System.arraycopy(staged, write.from() + (int) (from - write.offset()), bytes, (int) (from - offset),
                        (int) (to - from));
            }
        }
        return bytes;
    }

    /** The store file's bytes as on disk, through the page cache; zeros beyond its end. */
    private void readStore(long offset, byte[] bytes, int at, int size) throws IOException {
        if (size >= UNCACHED_READ_BYTES) {
            readFile(offset, bytes, at, size);
            return;
        }
        while (size > 0) {
            long page = offset / PAGE_BYTES;
            int inPage = (int) (offset - page * PAGE_BYTES);
            int count = Math.min(size, PAGE_BYTES - inPage);
            System.arraycopy(page(page), inPage, bytes, at, count);
            offset += count;
            at += count;
            size -= count;
        }
    }

    private byte[] page(long page) throws IOException {
        byte[] bytes = cache.get(page);
        if (bytes == null) {
            bytes = new byte[PAGE_BYTES];
            readFile(page * PAGE_BYTES, bytes, 0, PAGE_BYTES);
            cache.put(page, bytes);
        }
        return bytes;
    }

    /** Reads the store file directly; the part beyond its end stays zero. */
    private void readFile(long offset, byte[] bytes, int at, int size) throws IOException {
        int fromFile = (int) Math.max(0, Math.min(size, fileLength - offset));
        if (fromFile > 0) {
            store.seek(offset);
            store.readFully(bytes, at, fromFile);
        }
    }

    /**
     * What the pending writes change in the store file: the writes are grouped into spans, each
     * span's current bytes are overlaid with the writes in order, and only the bytes that differ
     * (merged across short unchanged gaps) are kept, sorted by offset. The ranges point into
     * {@link #scratch}, which holds each span before and after its writes.
     */
    private List<Range> changedRanges() throws IOException {
        if (pending.isEmpty()) {
            return List.of();
        }
        Write[] sorted = pending.toArray(Write[]::new);
        Arrays.sort(sorted, Comparator.comparingLong(Write::offset));
        List<long[]> spans = new ArrayList<>();
        long start = sorted[0].offset();
        long end = start + sorted[0].length();
        for (Write write : sorted) {
            if (write.offset() > end + SPAN_GAP) {
                spans.add(new long[] {start, end});
                start = write.offset();
            }
            end = Math.max(end, write.offset() + write.length());
        }
        spans.add(new long[] {start, end});

        long[] starts = new long[spans.size()];
        int[] lengths = new int[spans.size()];
        int[] before = new int[spans.size()];
        int used = 0;
        for (int i = 0; i < starts.length; i++) {
            starts[i] = spans.get(i)[0];
            lengths[i] = Math.toIntExact(spans.get(i)[1] - starts[i]);
            before[i] = used;
            used = Math.addExact(used, Math.multiplyExact(2, lengths[i]));
        }
        if (scratch.length < used) {
            scratch = new byte[used];
        }
        for (int i = 0; i < starts.length; i++) {
            readStore(starts[i], scratch, before[i], lengths[i]);
            System.arraycopy(scratch, before[i], scratch, before[i] + lengths[i], lengths[i]);
        }
        for (Write write : pending) {
            int span = Arrays.binarySearch(starts, write.offset());
            span = span >= 0 ? span : -span - 2;
            System.arraycopy(staged, write.from(), scratch,
                    before[span] + lengths[span] + (int) (write.offset() - starts[span]), write.length());
        }
        List<Range> ranges = new ArrayList<>();
        for (int i = 0; i < starts.length; i++) {
            addDifferences(starts[i], scratch, before[i], lengths[i], ranges);
        }
        return ranges;
    }

    /** Adds the changed ranges of the span of {@code size} bytes at {@code base}, compared at {@code from}. */
    private static void addDifferences(long base, byte[] scratch, int from, int size, List<Range> ranges) {
        int after = from + size;
        int position = 0;
        while (position < size) {
            int mismatch = Arrays.mismatch(scratch, from + position, from + size, scratch, after + position,
                    after + size);
            if (mismatch < 0) {
                return;
            }
            int start = position + mismatch;
            int end = start + 1;
            while (true) {
                while (end < size && scratch[from + end] != scratch[after + end]) {
                    end++;
                }
                int limit = Math.min(size, end + RANGE_GAP);
                int next = Arrays.mismatch(scratch, from + end, from + limit, scratch, after + end, after + limit);
                if (next < 0) {
                    break;
                }
                end += next + 1;
            }
            ranges.add(new Range(base + start, scratch, after + start, end - start));
            position = end;
        }
    }

    /** Appends one entry holding {@code ranges} to the journal and forces it. */
    private void appendEntry(long newLength, List<Range> ranges) throws IOException {
        int bodyLength = Long.BYTES;
        for (Range range : ranges) {
            bodyLength = Math.addExact(bodyLength, RANGE_HEADER_BYTES + range.length());
        }
        ByteBuffer entry = ByteBuffer.allocate(Math.addExact(ENTRY_HEADER_BYTES, bodyLength));
        entry.putInt(MAGIC).putInt(0).putLong(generation).putLong(sequence).putInt(bodyLength).putLong(newLength);
        for (Range range : ranges) {
            entry.putLong(range.offset()).putInt(range.length()).put(range.source(), range.from(), range.length());
        }
        byte[] bytes = entry.array();
        entry.putInt(Integer.BYTES, checksum(bytes));
        allocateJournal(journalEnd + bytes.length);
        journal.seek(journalEnd);
        journal.write(bytes);
        journal.getFD().sync();
        journalEnd += bytes.length;
        sequence++;
    }

    /**
     * Writes zeros ahead of the journal's end in steps of {@link #PREALLOCATE_BYTES}, so that most
     * entries overwrite allocated blocks and their force need not change the file's size. The
     * entry's own force makes the zeros durable too. Only while the file system has ample free
     * space: otherwise, and after a failure, the journal simply grows with its entries.
     */
    private void allocateJournal(long needed) {
        if (needed <= journalAllocated || !preallocating) {
            return;
        }
        try {
            if (Files.getFileStore(journalOf(path)).getUsableSpace() < PREALLOCATE_FREE_BYTES) {
                return;
            }
        } catch (IOException e) {
            return;
        }
        long allocated = journalAllocated;
        long target = (needed + PREALLOCATE_BYTES - 1) / PREALLOCATE_BYTES * PREALLOCATE_BYTES;
        try {
            journal.seek(allocated);
            while (allocated < target) {
                int count = (int) Math.min(ZEROS.length, target - allocated);
                journal.write(ZEROS, 0, count);
                allocated += count;
            }
            journalAllocated = allocated;
        } catch (IOException e) {
            preallocating = false;
            LOG.info("Metadata WAL store {}: the journal is no longer allocated ahead, the disk is short of space ({})",
                    path, e.toString());
            try {
                journal.setLength(Math.max(journalAllocated, journalEnd));
            } catch (IOException ignored) {
                // The entry's own write reports what the disk does now.
            }
        }
    }

    /** Writes the ranges into the store file in place, and keeps the page cache in step. */
    private void apply(long newLength, List<Range> ranges) throws IOException {
        if (newLength > fileLength) {
            store.setLength(newLength);
            fileLength = newLength;
        }
        for (Range range : ranges) {
            store.seek(range.offset());
            store.write(range.source(), range.from(), range.length());
            for (long page = range.offset() / PAGE_BYTES; page * PAGE_BYTES < range.offset() + range.length(); page++) {
                byte[] cached = cache.get(page);
                if (cached != null) {
                    long from = Math.max(range.offset(), page * PAGE_BYTES);
                    long to = Math.min(range.offset() + range.length(), (page + 1) * PAGE_BYTES);
                    System.arraycopy(range.source(), (int) (range.from() + from - range.offset()), cached,
                            (int) (from - page * PAGE_BYTES), (int) (to - from));
                }
            }
        }
        length = Math.max(length, fileLength);
    }

    /** Forces the store file, then starts a new journal cycle at the journal's start. */
    private void checkpoint() throws IOException {
        store.getFD().sync();
        restartJournal();
    }

    /** A new cycle: a new generation, numbered from 0, written from byte 0 over the old one. */
    private void restartJournal() {
        long previous = generation;
        do {
            generation = ThreadLocalRandom.current().nextLong();
        } while (generation == previous);
        sequence = 0;
        journalEnd = 0;
        checkpoints++;
    }

    /** Replays the journal's intact entries onto the store file, forces it, and starts a new cycle. */
    private void recover() throws IOException {
        long journalLength = journal.length();
        long position = 0;
        int entries = 0;
        long chain = 0;
        boolean torn = false;
        byte[] header = new byte[ENTRY_HEADER_BYTES];
        while (journalLength - position >= ENTRY_HEADER_BYTES) {
            journal.seek(position);
            journal.readFully(header);
            ByteBuffer fields = ByteBuffer.wrap(header);
            int magic = fields.getInt();
            int expectedChecksum = fields.getInt();
            long entryGeneration = fields.getLong();
            long entrySequence = fields.getLong();
            int bodyLength = fields.getInt();
            if (magic != MAGIC || (entries > 0 && entryGeneration != chain) || entrySequence != entries) {
                // Zeros written ahead, or what is left of an older cycle: the chain ends here.
                break;
            }
            // The chain's next entry: if it is not whole, it is the one a crash tore.
            torn = true;
            if (bodyLength < Long.BYTES || bodyLength > journalLength - position - ENTRY_HEADER_BYTES) {
                break;
            }
            byte[] bytes = Arrays.copyOf(header, ENTRY_HEADER_BYTES + bodyLength);
            journal.readFully(bytes, ENTRY_HEADER_BYTES, bodyLength);
            if (checksum(bytes) != expectedChecksum) {
                break;
            }
            torn = false;
            replay(bytes, position);
            chain = entryGeneration;
            entries++;
            position += bytes.length;
        }
        if (entries > 0) {
            store.getFD().sync();
            LOG.info("Metadata WAL store {}: replayed {} journal entries ({} bytes) onto the store file, as it was not"
                    + " closed cleanly", path, entries, position);
        }
        if (torn) {
            LOG.warn("Metadata WAL store {}: ignored a torn or corrupt journal entry at byte {}; its commit had not"
                    + " been acknowledged", path, position);
        }
        restartJournal();
        checkpoints = 0;
    }

    /** Writes one entry's ranges into the store file. */
    private void replay(byte[] entry, long position) throws IOException {
        ByteBuffer body = ByteBuffer.wrap(entry, ENTRY_HEADER_BYTES, entry.length - ENTRY_HEADER_BYTES);
        long newLength = body.getLong();
        List<Range> ranges = new ArrayList<>();
        while (body.hasRemaining()) {
            if (body.remaining() < RANGE_HEADER_BYTES) {
                throw malformed(position);
            }
            long offset = body.getLong();
            int size = body.getInt();
            if (offset < 0 || size < 0 || size > body.remaining()) {
                throw malformed(position);
            }
            ranges.add(new Range(offset, entry, body.position(), size));
            body.position(body.position() + size);
        }
        apply(newLength, ranges);
    }

    private IOException malformed(long position) {
        return new IOException("Metadata WAL store " + path + ": the journal entry at byte " + position
                + " has a valid checksum but cannot be parsed");
    }

    /** CRC32C of an entry from its generation on. */
    private static int checksum(byte[] entry) {
        CRC32C crc = new CRC32C();
        crc.update(entry, 2 * Integer.BYTES, entry.length - 2 * Integer.BYTES);
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
