package io.quire.launcher.waldump;

import io.quire.core.codec.CommandCodec;
import io.quire.launcher.plugins.PluginRegistry;
import io.quire.launcher.wiring.DataDirectory;
import io.quire.spi.plugin.ConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code quire wal dump}: prints every record of a stopped node's metadata WAL and its snapshots,
 * read through the WAL plugin's {@link io.quire.spi.wal.WalProvider.OfflineReader}, without
 * changing the data directory.
 */
@Command(name = "dump", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Print every record of a stopped node's metadata WAL, and its snapshots, without changing its data"
                    + " directory.",
            "",
            "Each record with its offset, epoch, command decoded, payload size and CRC state; each snapshot with"
                    + " its end offset, epoch, size, whether it reads back intact and a summary; a torn or corrupt"
                    + " tail where it starts and what is wrong.",
            "",
            "The file plugin's segment files are read in place, opened read-only. MapDB cannot open a store"
                    + " without writing to it, so the mapdb plugin's store file and journal are copied into a new"
                    + " directory under java.io.tmpdir (set it with QUIRE_JAVA_OPTS=-Djava.io.tmpdir=DIR), opened"
                    + " there, journal replay included, and the copy deleted: it needs as much free space as the"
                    + " two files take.",
            "",
            "A data directory held by a running node is refused; while the dump runs, a node cannot start on"
                    + " it. A node that ran with plugins.wal=none has no WAL: its metadata log is its consensus"
                    + " plugin's log, which this command does not read."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:every record and snapshot read back intact",
            "1:dumped, but something is damaged: a torn or corrupt WAL record (the summary says where a node"
                    + " starting on it cuts its log), a record this version cannot decode, or a snapshot that does"
                    + " not read back",
            "2:nothing dumped: a bad option, no such directory, no Quire node data in it, no WAL"
                    + " (plugins.wal=none), or WAL files the plugin cannot read at all",
            "3:the data directory is in use by a running node: stop it first"
        })
public final class WalDumpCommand implements Callable<Integer> {

    static final int INTACT = 0;
    static final int DAMAGED = 1;
    static final int NOT_DUMPED = 2;
    static final int IN_USE = 3;

    /** The system property that logback.xml reads for the console's target. */
    private static final String LOG_TARGET_PROPERTY = "quire.log.target";

    @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "The node's data.dir.")
    Path dataDir;

    @Option(names = "--from", paramLabel = "OFFSET", defaultValue = "0",
            description = "Show the records from this offset on (damage is shown wherever it is).")
    long fromOffset;

    @Option(names = "--json", description = "One JSON object per line instead of text.")
    boolean json;

    @Option(names = "--plugin", paramLabel = "NAME",
            description = "The WAL plugin whose directory <DIR>/wal/NAME to read; by default the only one there.")
    String plugin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        // Stdout holds the dump alone (with --json, one object per line); what a plugin logs while
        // reading (a mapdb journal replayed onto the copy) goes to stderr. Logging is configured
        // when the first logger is made, which no code before this line does.
        System.setProperty(LOG_TARGET_PROPERTY, "System.err");
        PrintWriter out = spec.commandLine().getOut();
        try {
            if (fromOffset < 0) {
                throw new DumpRefusedException(NOT_DUMPED, "--from must be an offset, 0 or more");
            }
            NodeFiles files = NodeFiles.find(dataDir, Optional.ofNullable(plugin), discoverPlugins());
            Optional<DataDirectory> held = holdStopped();
            try {
                return dump(files, json ? new JsonOutput(out) : new TextOutput(out)) ? INTACT : DAMAGED;
            } finally {
                out.flush();
                release(held);
            }
        } catch (DumpRefusedException e) {
            out.flush();
            spec.commandLine().getErr().println("quire wal dump: " + e.getMessage());
            return e.exitStatus();
        }
    }

    /** Dumps the WAL, then the snapshots; returns whether everything read back intact. */
    private boolean dump(NodeFiles files, DumpOutput output) throws DumpRefusedException {
        RecordPrinter printer = new RecordPrinter(fromOffset, new CommandCodec(), output);
        output.walStart(files.walPlugin(), files.walDir());
        try {
            if (!files.wal().offlineReader().read(files.walDir(), printer)) {
                throw new DumpRefusedException(NOT_DUMPED, "the wal plugin '" + files.walPlugin()
                        + "' cannot read its files offline (it has no WalProvider.OfflineReader)");
            }
        } catch (IOException e) {
            throw new DumpRefusedException(NOT_DUMPED, "cannot read the WAL in " + files.walDir() + ": "
                    + e.getMessage());
        }
        WalSummary summary = printer.summary(files.walPlugin(), files.walDir());
        output.walEnd(summary);
        List<SnapshotReport> snapshots;
        try {
            snapshots = new SnapshotCheck(files.stateMachine()).check(files.snapshotsDir());
        } catch (IOException e) {
            throw new DumpRefusedException(NOT_DUMPED, "cannot read the snapshots in " + files.snapshotsDir() + ": "
                    + e.getMessage());
        }
        output.snapshots(files.snapshotsDir(), snapshots);
        return summary.intact() && snapshots.stream().allMatch(SnapshotReport::intact);
    }

    private static PluginRegistry discoverPlugins() throws DumpRefusedException {
        try {
            return PluginRegistry.discover(WalDumpCommand.class.getClassLoader());
        } catch (ConfigException e) {
            throw new DumpRefusedException(NOT_DUMPED, e.getMessage());
        }
    }

    private Optional<DataDirectory> holdStopped() throws DumpRefusedException {
        try {
            return DataDirectory.lockShared(dataDir);
        } catch (DataDirectory.InUseException e) {
            throw new DumpRefusedException(IN_USE, e.getMessage()
                    + ": stop the node first, since a running node's WAL changes while it is read");
        } catch (IOException e) {
            throw new DumpRefusedException(NOT_DUMPED, "cannot lock " + dataDir + " for reading: " + e);
        }
    }

    private void release(Optional<DataDirectory> held) {
        try {
            if (held.isPresent()) {
                held.get().close();
            }
        } catch (IOException e) {
            // The lock goes with the process, which ends now; the dump itself is complete.
            spec.commandLine().getErr().println("quire wal dump: releasing the lock on " + dataDir + " failed: " + e);
        }
    }
}
