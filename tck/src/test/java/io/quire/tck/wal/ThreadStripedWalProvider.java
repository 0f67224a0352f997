package io.quire.tck.wal;

import io.quire.spi.plugin.PluginContext;
import io.quire.spi.wal.MetadataWal;
import io.quire.spi.wal.WalProvider;

/** Provides the broken {@link ThreadStripedWal}. */
public final class ThreadStripedWalProvider implements WalProvider {

    @Override
    public String name() {
        return "thread-striped";
    }

    @Override
    public String description() {
        return "Broken: stores each thread's records apart and reads them stripe after stripe";
    }

    @Override
    public MetadataWal create(PluginContext context) {
        return new ThreadStripedWal();
    }
}
