package io.quire.wal.file;

import io.quire.spi.plugin.ConfigKey;
import io.quire.spi.plugin.PluginContext;
import io.quire.spi.plugin.PluginSettings;
import io.quire.spi.wal.MetadataWal;
import io.quire.spi.wal.WalForceMeters;
import io.quire.spi.wal.WalProvider;
import java.io.IOException;
import java.util.List;

/**
 * The metadata WAL plugin {@code file}: records in CRC32C-framed segment files, group commit, and
 * recovery that cuts a torn or corrupt tail. Configured under {@code wal.file.}.
 */
public final class FileWalProvider implements WalProvider {

    /** The name that selects this plugin: {@code plugins.wal: file}. */
    public static final String NAME = "file";

    /** Size at which the active segment file is rolled. */
    public static final ConfigKey<Long> SEGMENT_BYTES = ConfigKey.ofLong("segment-bytes", 64L << 20,
                    "Size in bytes at which the WAL rolls to a new segment file")
            .atLeast(4096);

    /** The highest {@link #MAX_RECORD_BYTES} a node accepts. */
    static final int LARGEST_MAX_RECORD_BYTES = 1 << 30;

    /** Largest record payload; capped at 1 GiB, since a record is held in one array and read whole. */
    public static final ConfigKey<Integer> MAX_RECORD_BYTES = ConfigKey.ofInt("max-record-bytes", 16 << 20,
                    "Largest record payload in bytes; larger appends are refused, and a larger length"
                            + " found during recovery is treated as corruption")
            .atLeast(1)
            .requiring(bytes -> bytes <= LARGEST_MAX_RECORD_BYTES, "at most " + LARGEST_MAX_RECORD_BYTES);

    /**
     * The fsync policy. 0 (the default) forces every group-committed batch before any of its
     * appends completes: an acknowledged record survives a process crash, an OS crash and a power
     * loss. A positive interval acknowledges a batch once written to the OS and forces at most that
     * often: an acknowledged record still survives a process crash (the OS holds it), but an OS
     * crash or power loss can lose the records of the last interval.
     */
    public static final ConfigKey<Integer> FSYNC_INTERVAL_MS = ConfigKey.ofInt("fsync-interval-ms", 0,
                    "0 forces every batch before acknowledging it (durable against power loss); N > 0"
                            + " acknowledges once written and forces at most every N ms (an OS crash or power loss"
                            + " can lose the last N ms)")
            .atLeast(0)
            .requiring(ms -> ms <= 60_000, "at most 60000");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Segment files with CRC32C-framed records, group commit and crash recovery (default)";
    }

    @Override
    public List<ConfigKey<?>> configKeys() {
        return List.of(SEGMENT_BYTES, MAX_RECORD_BYTES, FSYNC_INTERVAL_MS);
    }

    /** Reads the segment files in place, opened read-only: see {@link SegmentFilesReader}. */
    @Override
    public OfflineReader offlineReader() {
        return new SegmentFilesReader();
    }

    @Override
    public MetadataWal create(PluginContext context) throws IOException {
        PluginSettings settings = context.settings();
        return FileWal.open(context.dataDir(), new WalLimits(settings.get(SEGMENT_BYTES), settings.get(MAX_RECORD_BYTES),
                settings.get(FSYNC_INTERVAL_MS)), ChannelFactory.DEFAULT, new WalForceMeters(context.meters(), NAME));
    }
}
