package io.quire.tck.wal;

import io.quire.spi.plugin.PluginContext;
import io.quire.spi.wal.MetadataWal;
import io.quire.spi.wal.WalProvider;
import java.io.IOException;

/** Provides the honest {@link SimpleFileWal}. Public, with a no-argument constructor, as rule wal03 needs. */
public final class SimpleFileWalProvider implements WalProvider {

    @Override
    public String name() {
        return "simple";
    }

    @Override
    public String description() {
        return "The kit's honest reference WAL: one file, a force per append";
    }

    @Override
    public MetadataWal create(PluginContext context) throws IOException {
        return SimpleFileWal.open(context.dataDir(), SimpleFileWal.FDATASYNC);
    }
}
