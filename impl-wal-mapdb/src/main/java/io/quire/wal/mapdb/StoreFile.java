package io.quire.wal.mapdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mapdb.Atomic;
import org.mapdb.BTreeMap;
import org.mapdb.CC;
import org.mapdb.DB;
import org.mapdb.Serializer;
import org.mapdb.StoreWAL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MapDB structures of one WAL's store file. Every change to them belongs to the store's one
 * open transaction until the next commit, which the {@link JournaledVolume} makes durable as a
 * whole or not at all; an uncommitted transaction is dropped when the store is closed or the
 * process dies.
 *
 * @param path the store file
 * @param volume the store file as MapDB writes it, through the journal
 * @param db the open store, transactions enabled
 * @param records the offset of a chunk's first record to the {@link RecordCodec chunk}
 * @param startOffset the lowest offset the log holds; changed only by prefix deletion
 * @param lastEpoch the epoch of the last record, kept when deletion empties the map so that it
 *     survives a reopen
 */
record StoreFile(Path path, JournaledVolume volume, DB db, BTreeMap<Long, byte[]> records, Atomic.Long startOffset,
        Atomic.Long lastEpoch) {

    private static final Logger LOG = LoggerFactory.getLogger(StoreFile.class);

    private static final String RECORDS = "records";
    /** The format of the records' values: {@link #CHUNKS}, or one record per value before it. */
    private static final String FORMAT = "record-format";
    private static final int ONE_RECORD_PER_VALUE = 1;
    private static final int CHUNKS = 2;

    /**
     * Opens the store at {@code path}, creating it when the file does not exist or is empty.
     *
     * @throws IOException naming the file when it cannot be opened (corrupt, not a MapDB store,
     *     locked by another open WAL, or an I/O error); the file is left as it was
     */
    static StoreFile open(Path path) throws IOException {
        return open(path, MapDbWalProvider.CHECKPOINT_BYTES.defaultValue());
    }

    /**
     * Opens the store at {@code path}, as {@link #open(Path)}, with a journal checkpointed from
     * {@code checkpointBytes} on.
     */
    static StoreFile open(Path path, long checkpointBytes) throws IOException {
        JournaledVolume volume = JournaledVolume.open(path, checkpointBytes);
        DB db;
        try {
            boolean exists = volume.length() > 0;
            // What DBMaker.fileDB(file).transactionEnable() builds, but over the journaled volume,
            // which DBMaker offers no way to plug in.
            StoreWAL store = StoreWAL.make(path.toString(), new StoreVolumes(path, volume, exists), 0L, true,
                    CC.STORE_DIRECT_CONC_SHIFT, CC.PAGE_SIZE, 0L, false, false, false, true, false);
            db = new DB(store, exists, true, StoreFile.class.getClassLoader(), 0);
        } catch (RuntimeException e) {
            volume.close();
            throw unreadable(path, e);
        }
        try {
            boolean created = !db.exists(RECORDS);
            // Values outside the B-tree nodes: a node then holds 32 small keys, not 32 chunks of up
            // to max-record-bytes each.
            StoreFile store = new StoreFile(path, volume, db,
                    db.treeMap(RECORDS, Serializer.LONG, Serializer.BYTE_ARRAY)
                            .valuesOutsideNodesEnable()
                            .createOrOpen(),
                    db.atomicLong("start-offset", 0).createOrOpen(),
                    db.atomicLong("last-epoch", -1).createOrOpen());
            Atomic.Integer format = db.atomicInteger(FORMAT, created ? CHUNKS : ONE_RECORD_PER_VALUE).createOrOpen();
            if (format.get() == ONE_RECORD_PER_VALUE) {
                store.migrateToChunks();
                format.set(CHUNKS);
            } else if (format.get() != CHUNKS) {
                throw new IllegalStateException("unknown record format " + format.get() + ", from a newer plugin?");
            } else if (!created) {
                return store;
            }
            db.commit();
            return store;
        } catch (RuntimeException e) {
            closeQuietly(db, path);
            throw unreadable(path, e);
        }
    }

    /**
     * Rewrites the values of a store from before chunks, each one record as
     * {@code crc32c | epoch | payload}, as chunks of that one record (which prefix it with its
     * length), in the open transaction.
     */
    private void migrateToChunks() {
        List<Long> keys = new ArrayList<>(records.keySet());
        for (Long key : keys) {
            byte[] record = records.get(key);
            records.put(key, ByteBuffer.allocate(Integer.BYTES + record.length).putInt(record.length).put(record)
                    .array());
        }
        LOG.info("Metadata WAL store {}: rewrote {} records as chunks, the format of this plugin version", path,
                keys.size());
    }

    /** The store's file cannot be read as a WAL store: MapDB's own message names the damage. */
    static IOException unreadable(Path path, RuntimeException cause) {
        return new IOException("Metadata WAL store " + path + " cannot be opened, it is corrupt or not a MapDB"
                + " store (" + cause + "); the file is left untouched", cause);
    }

    /** Closes the store without committing: an open transaction is dropped, committed ones are kept. */
    void close() {
        closeQuietly(db, path);
    }

    private static void closeQuietly(DB db, Path path) {
        try {
            db.close();
        } catch (RuntimeException e) {
            LOG.warn("Metadata WAL: closing MapDB store {} failed", path, e);
        }
    }
}
