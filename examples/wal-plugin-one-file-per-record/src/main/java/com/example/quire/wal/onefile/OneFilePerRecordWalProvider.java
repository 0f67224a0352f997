package com.example.quire.wal.onefile;

import io.quire.spi.plugin.PluginContext;
import io.quire.spi.wal.MetadataWal;
import io.quire.spi.wal.WalProvider;
import java.io.IOException;

/**
 * Selected with {@code plugins.wal: one-file-per-record}. It declares no config keys, so any key
 * under {@code wal.one-file-per-record.} stops the node with an "unknown key" error.
 */
public final class OneFilePerRecordWalProvider implements WalProvider {

    @Override
    public String name() {
        return "one-file-per-record";
    }

    @Override
    public String description() {
        return "example plugin: every record in its own file, one fsync per append (no group commit)";
    }

    @Override
    public MetadataWal create(PluginContext context) throws IOException {
        return OneFilePerRecordWal.open(context.dataDir());
    }
}
