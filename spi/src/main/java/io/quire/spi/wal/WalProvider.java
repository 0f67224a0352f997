package io.quire.spi.wal;

import io.quire.spi.plugin.PluginProvider;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Creates the node's metadata WAL, selected by {@code plugins.wal}. {@link #create} opens the
 * WAL in {@link io.quire.spi.plugin.PluginContext#dataDir()}, recovering what is already there.
 */
public interface WalProvider extends PluginProvider<MetadataWal> {

    /**
     * This plugin's reader of the files a stopped WAL left ({@code quire wal dump}): the provider
     * itself when it implements {@link OfflineReader}, else {@link OfflineReader#DEFAULT}, which
     * reads nothing. A plugin opts in by implementing the interface or by overriding this method.
     */
    default OfflineReader offlineReader() {
        return this instanceof OfflineReader reader ? reader : OfflineReader.DEFAULT;
    }

    /**
     * Optional: reads a WAL's files as they are on disk, without opening the WAL, so that an
     * operator can see every record and any damage before recovery cuts it.
     *
     * <h2>Contract</h2>
     * <ol>
     *   <li><b>Read only.</b> Nothing in the directory is created, changed, locked or deleted: no
     *       recovery, no truncation, no journal replayed in place. A plugin whose store cannot be
     *       opened without writing to it works on a copy it makes elsewhere and deletes, and says
     *       so in its documentation.
     *   <li><b>Every record.</b> Reports, in offset order, every record it can delimit, with
     *       whether its checksum matches; the fields of a record whose checksum does not match are
     *       the stored bytes, not to be trusted. The offset reported is the one the record holds
     *       in the log's order.
     *   <li><b>Damage.</b> Reports each place where the files are not the intact, dense log that
     *       recovery keeps (a torn or corrupt record, a checksum mismatch, a gap or a repeat in the
     *       offsets), with the offset expected there; the first one reported is where opening the
     *       WAL would cut it. The read goes on past damage while it can still tell where the next
     *       record starts, and stops where it cannot.
     *   <li><b>Failure.</b> Throws only when the files cannot be read as this plugin's WAL at all;
     *       damage inside a readable WAL is reported, never thrown.
     * </ol>
     *
     * <h2>Lifecycle and threading</h2>
     * Called on a stopped node's directory (the caller makes sure no node holds it), without
     * {@link WalProvider#create} ever being called. The reader calls the {@link Findings} on the
     * caller's thread, before {@link #read} returns.
     */
    interface OfflineReader {

        /** The reader of a plugin without the ability: it reads nothing. */
        OfflineReader DEFAULT = new OfflineReader() {};

        /**
         * Reads the WAL in {@code dir} (what {@link io.quire.spi.plugin.PluginContext#dataDir()}
         * was for the node) and reports what it finds to {@code findings}.
         *
         * @return false when this plugin cannot read its files offline (the default), in which
         *     case nothing was reported
         * @throws IOException when the files cannot be read as this plugin's WAL, with a message
         *     naming the file
         */
        default boolean read(Path dir, Findings findings) throws IOException {
            return false;
        }
    }

    /** What an {@link OfflineReader} finds, in offset order. */
    interface Findings {

        /**
         * A record as stored.
         *
         * @param checksumMatches false when the stored checksum does not match the record's bytes;
         *     a {@link #damage} at the record's offset follows
         */
        void record(WalRecord record, boolean checksumMatches);

        /**
         * Bytes that are not the intact record recovery expects at {@code offset}.
         *
         * @param offset the offset expected at that place in the log
         * @param location where in the plugin's files, for humans ({@code file 00000000000000000000.wal, position 305})
         * @param problem what is wrong, for humans
         */
        void damage(long offset, String location, String problem);
    }
}
