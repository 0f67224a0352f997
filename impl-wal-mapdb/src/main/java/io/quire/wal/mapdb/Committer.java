package io.quire.wal.mapdb;

import java.io.IOException;
import org.mapdb.DB;

/**
 * Commits the store's open MapDB transaction: the unit of durability. A seam, so that tests can
 * make a commit fail or hold it.
 */
@FunctionalInterface
interface Committer {

    /** MapDB's own commit, which ends in {@link JournaledVolume#sync()}: one journal entry, forced; the store file in place. */
    Committer DEFAULT = DB::commit;

    void commit(DB db) throws IOException;
}
