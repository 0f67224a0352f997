package io.quire.launcher.waldump;

import picocli.CommandLine.Command;

/** {@code quire wal}: the commands that inspect a node's metadata WAL; it runs none by itself. */
@Command(name = "wal", mixinStandardHelpOptions = true, subcommands = WalDumpCommand.class,
        description = "Inspect a stopped node's metadata WAL.")
public final class WalCommand {}
