package io.quire.tck.wal;

import io.quire.spi.plugin.PluginContext;
import io.quire.spi.wal.MetadataWal;
import io.quire.spi.wal.WalProvider;
import java.io.IOException;

/** Provides the broken {@link AcksBeforeForceWal}; public, as the crash rule's child process loads it by name. */
public final class AcksBeforeForceWalProvider implements WalProvider {

    @Override
    public String name() {
        return "acks-before-force";
    }

    @Override
    public String description() {
        return "Broken: acknowledges appends from a memory buffer written only at close";
    }

    @Override
    public MetadataWal create(PluginContext context) throws IOException {
        return new AcksBeforeForceWal(SimpleFileWal.open(context.dataDir(), SimpleFileWal.FDATASYNC));
    }
}
