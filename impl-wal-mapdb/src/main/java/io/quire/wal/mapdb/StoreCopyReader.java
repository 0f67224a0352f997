package io.quire.wal.mapdb;

import io.quire.spi.wal.WalProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The {@code mapdb} WAL's offline reader. MapDB 3.1 cannot open a store without writing to it (it
 * opens its file read-write and initializes its structures), and a journal that a crash left must
 * be replayed onto the store file before the store says what was committed; so this reader copies
 * the store file and its journal into a new temporary directory (under {@code java.io.tmpdir}),
 * opens the copy as the plugin does at start, journal replay included, and deletes the copy
 * afterwards. The original files are only read, by the copy.
 *
 * <p>The chunks are checked as {@link StoreRecovery} checks them, but every record is reported and
 * each problem too, instead of cutting the log at the first.
 */
final class StoreCopyReader implements WalProvider.OfflineReader {

    @Override
    public boolean read(Path dir, WalProvider.Findings findings) throws IOException {
        Path store = dir.resolve(MapDbWal.STORE_FILE);
        if (!Files.exists(store)) {
            // A node stopped before its first commit created the store: nothing was written.
            return true;
        }
        Path copyDir = Files.createTempDirectory("quire-wal-dump-");
        try {
            Path copy = copyDir.resolve(MapDbWal.STORE_FILE);
            Files.copy(store, copy);
            Path journal = JournaledVolume.journalOf(store);
            if (Files.exists(journal)) {
                Files.copy(journal, JournaledVolume.journalOf(copy));
            }
            StoreFile opened;
            try {
                opened = StoreFile.open(copy);
            } catch (IOException e) {
                throw new IOException("Metadata WAL store " + store + " cannot be read, through its copy in " + copyDir
                        + " (deleted since): " + e.getMessage(), e);
            }
            try {
                report(opened, findings);
            } finally {
                opened.close();
            }
        } finally {
            deleteTree(copyDir);
        }
        return true;
    }

    private static void report(StoreFile store, WalProvider.Findings findings) {
        long start = store.startOffset().get();
        long expected = start;
        String where = "store " + MapDbWal.STORE_FILE;
        try {
            for (long key : store.records().keySet()) {
                String chunk = where + ", chunk " + key;
                if (StoreRecovery.breaksOrder(key, expected, start)) {
                    findings.damage(expected, chunk, StoreRecovery.unexpectedKey(key, expected));
                    expected = key;
                }
                expected = reportChunk(store, key, chunk, start, expected, findings);
            }
        } catch (RuntimeException e) {
            findings.damage(expected, where, "MapDB cannot read the records' B-tree: " + e);
        }
    }

    /** Reports the records of one chunk from {@code start} on; returns the offset expected after them. */
    private static long reportChunk(StoreFile store, long key, String chunk, long start, long expected,
            WalProvider.Findings findings) {
        RecordCodec.Cursor cursor = null;
        try {
            cursor = new RecordCodec.Cursor(key, StoreRecovery.readChunk(store, key, expected));
            while (cursor.hasNext()) {
                if (cursor.offset() < start) {
                    cursor.skip();
                    continue;
                }
                int position = cursor.position();
                RecordCodec.Stored stored = cursor.nextStored();
                findings.record(stored.record(), stored.checksumMatches());
                if (!stored.checksumMatches()) {
                    findings.damage(stored.record().offset(), chunk + ", byte " + position, "CRC mismatch");
                }
            }
            return cursor.offset();
        } catch (CorruptRecordException e) {
            findings.damage(e.offset(), cursor == null ? chunk : chunk + ", byte " + cursor.position(), e.reason());
            return e.offset();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path path : paths) {
            Files.delete(path);
        }
    }
}
