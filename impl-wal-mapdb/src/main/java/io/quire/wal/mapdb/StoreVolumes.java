package io.quire.wal.mapdb;

import java.nio.file.Path;
import org.mapdb.volume.Volume;
import org.mapdb.volume.VolumeFactory;

/**
 * The volumes MapDB's transactional store asks for: the {@link JournaledVolume} for the store file,
 * and memory for the files of MapDB's own log. That log only stages a transaction's records until
 * the commit (MapDB never replays it), so it needs no disk; the journal is what makes a commit
 * durable and atomic. Its {@link StagingVolume} hands its array back when MapDB drops it after the
 * commit, and the next transaction's log reuses it.
 */
final class StoreVolumes extends VolumeFactory {

    private final Path storePath;
    private final JournaledVolume store;
    private final boolean storeExists;
    private byte[] spare;

    /**
     * @param store the opened store file
     * @param storeExists whether the store file held a store when opened; an empty file, left by a
     *     crash before the first commit, holds nothing and is initialized as new
     */
    StoreVolumes(Path storePath, JournaledVolume store, boolean storeExists) {
        this.storePath = storePath;
        this.store = store;
        this.storeExists = storeExists;
    }

    @Override
    public Volume makeVolume(String file, boolean readOnly, long fileLockWait, int sliceShift, long initSize,
            boolean fixedSize) {
        if (storePath.toString().equals(file)) {
            return store;
        }
        return new StagingVolume(takeSpare(), this::recycle);
    }

    @Override
    public boolean exists(String file) {
        return storePath.toString().equals(file) && storeExists;
    }

    @Override
    public boolean handlesReadonly() {
        return false;
    }

    private synchronized byte[] takeSpare() {
        byte[] taken = spare;
        spare = null;
        return taken;
    }

    private synchronized void recycle(byte[] zeroed) {
        if (spare == null || spare.length < zeroed.length) {
            spare = zeroed;
        }
    }
}
