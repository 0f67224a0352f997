package io.quire.wal.mapdb;

import io.quire.spi.plugin.ConfigKey;
import io.quire.spi.plugin.PluginContext;
import io.quire.spi.wal.MetadataWal;
import io.quire.spi.wal.WalForceMeters;
import io.quire.spi.wal.WalProvider;
import java.io.IOException;
import java.util.List;

/**
 * The metadata WAL plugin {@code mapdb}: records in a transactional MapDB store file, where one
 * MapDB commit makes a whole group of appends durable, atomically through a journal. Configured
 * under {@code wal.mapdb.}.
 */
public final class MapDbWalProvider implements WalProvider {

    /** The name that selects this plugin: {@code plugins.wal: mapdb}. */
    public static final String NAME = "mapdb";

    /** Largest record payload; capped at 1 GiB, since a record is held in one array and read whole. */
    public static final ConfigKey<Integer> MAX_RECORD_BYTES = ConfigKey.ofInt("max-record-bytes", 16 << 20,
                    "Largest record payload in bytes; larger appends are refused")
            .atLeast(1)
            .requiring(bytes -> bytes <= 1 << 30, "at most " + (1 << 30));

    /**
     * Journal size from which a commit is followed by a checkpoint (the store file forced, the
     * journal started again). Larger means rarer but longer checkpoints and a longer replay after
     * a crash.
     */
    public static final ConfigKey<Long> CHECKPOINT_BYTES = ConfigKey.ofLong("checkpoint-bytes", 32L << 20,
                    "Journal size in bytes from which a commit is followed by a checkpoint that forces the store"
                            + " file and restarts the journal")
            .atLeast(64 << 10);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Records in a transactional MapDB store file, one MapDB commit per group of appends";
    }

    @Override
    public List<ConfigKey<?>> configKeys() {
        return List.of(MAX_RECORD_BYTES, CHECKPOINT_BYTES);
    }

    /** Reads a copy of the store file and its journal: see {@link StoreCopyReader}. */
    @Override
    public OfflineReader offlineReader() {
        return new StoreCopyReader();
    }

    @Override
    public MetadataWal create(PluginContext context) throws IOException {
        return MapDbWal.open(context.dataDir(), context.settings().get(MAX_RECORD_BYTES),
                context.settings().get(CHECKPOINT_BYTES), Committer.DEFAULT, new WalForceMeters(context.meters(), NAME));
    }
}
