package io.quire.launcher.waldump;

import io.quire.launcher.plugins.PluginKind;
import io.quire.launcher.plugins.PluginRegistry;
import io.quire.launcher.wiring.DataDirectory;
import io.quire.spi.statemachine.StateMachineProvider;
import io.quire.spi.wal.WalProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a node's data directory holds, found by listing it, never by opening a file: the WAL and
 * the plugin that wrote it (the name of its directory, {@code <data.dir>/wal/<plugin>}), the
 * snapshots, and the state machine that reads them back.
 *
 * @param walPlugin the name of the WAL plugin
 * @param walDir the WAL plugin's directory
 * @param wal the installed provider of that name
 * @param snapshotsDir where the node keeps its snapshots (it may not exist)
 * @param stateMachine the provider of the state machine whose snapshots these are
 */
record NodeFiles(String walPlugin, Path walDir, WalProvider wal, Path snapshotsDir, StateMachineProvider stateMachine) {

    /**
     * Finds the files of the node in {@code dataDir}.
     *
     * @param plugin the WAL plugin the user named, or empty to take the one whose directory is there
     * @throws DumpRefusedException when the directory is not a node's, or holds no WAL that can be read
     */
    static NodeFiles find(Path dataDir, Optional<String> plugin, PluginRegistry registry) throws DumpRefusedException {
        if (!Files.exists(dataDir)) {
            throw notDumped("no such directory: " + dataDir);
        }
        if (!Files.isDirectory(dataDir)) {
            throw notDumped(dataDir + " is not a directory; give --data-dir the node's data.dir");
        }
        Path walKindDir = DataDirectory.kindDir(dataDir, PluginKind.WAL.prefix());
        String walPlugin = plugin.isPresent() ? plugin.get() : onlyPluginIn(dataDir, walKindDir);
        Path walDir = walKindDir.resolve(walPlugin);
        if (!Files.isDirectory(walDir)) {
            throw notDumped("no WAL of plugin '" + walPlugin + "' in " + walKindDir + " (found: "
                    + describe(subdirectories(walKindDir)) + ")");
        }
        WalProvider wal = (WalProvider) registry.find(PluginKind.WAL, walPlugin).orElseThrow(() -> notDumped(
                "the WAL in " + walDir + " belongs to the wal plugin '" + walPlugin + "', which is not installed."
                        + " Installed: " + registry.describeAvailable(PluginKind.WAL)));
        String stateMachineName = stateMachineOf(dataDir);
        StateMachineProvider stateMachine = (StateMachineProvider) registry.find(PluginKind.STATE_MACHINE,
                stateMachineName).orElseThrow(() -> notDumped("the snapshots in " + DataDirectory.snapshotsDir(dataDir)
                        + " belong to the state-machine plugin '" + stateMachineName + "', which is not installed"));
        return new NodeFiles(walPlugin, walDir, wal, DataDirectory.snapshotsDir(dataDir), stateMachine);
    }

    /** The one WAL plugin whose directory the node has. */
    private static String onlyPluginIn(Path dataDir, Path walKindDir) throws DumpRefusedException {
        List<String> plugins = subdirectories(walKindDir);
        if (plugins.size() == 1) {
            return plugins.get(0);
        }
        if (plugins.size() > 1) {
            throw notDumped(walKindDir + " holds the WALs of several plugins (" + describe(plugins)
                    + "), one per plugin the node ran with: choose one with --plugin");
        }
        Path consensusDir = DataDirectory.kindDir(dataDir, PluginKind.CONSENSUS.prefix());
        if (Files.isDirectory(consensusDir)) {
            throw notDumped(dataDir + " has no metadata WAL (no " + walKindDir + "): the node ran with plugins.wal=none,"
                    + " so its metadata log is the log of its consensus plugin (" + describe(subdirectories(consensusDir))
                    + ", in " + consensusDir + "), which wal dump does not read");
        }
        throw notDumped(dataDir + " holds no Quire node data: no " + walKindDir + " and no " + consensusDir);
    }

    /**
     * The state machine the node ran: the one plugin directory under {@code <data.dir>/state-machine},
     * or the default when that does not tell (none, or several).
     */
    private static String stateMachineOf(Path dataDir) throws DumpRefusedException {
        List<String> found = subdirectories(DataDirectory.kindDir(dataDir, PluginKind.STATE_MACHINE.prefix()));
        return found.size() == 1 ? found.get(0) : PluginKind.STATE_MACHINE.defaultName();
    }

    private static List<String> subdirectories(Path dir) throws DumpRefusedException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).map(entry -> entry.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw notDumped("cannot list " + dir + ": " + e);
        }
    }

    private static String describe(List<String> names) {
        return names.isEmpty() ? "none" : names.stream().collect(Collectors.joining(", "));
    }

    private static DumpRefusedException notDumped(String message) {
        return new DumpRefusedException(WalDumpCommand.NOT_DUMPED, message);
    }
}
