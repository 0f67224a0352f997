package io.quire.tck.wal;

import io.quire.spi.plugin.PluginContext;
import io.quire.spi.wal.MetadataWal;
import io.quire.spi.wal.WalProvider;
import java.io.IOException;

/**
 * Broken on purpose, for the self-test of rule wal02: its recovery takes the last record for a
 * torn one and cuts it, so every reopen loses the newest acknowledged record.
 */
public final class ForgetsLastRecordWalProvider implements WalProvider {

    @Override
    public String name() {
        return "forgets-last-record";
    }

    @Override
    public String description() {
        return "Broken: loses its last record on every reopen";
    }

    @Override
    public MetadataWal create(PluginContext context) throws IOException {
        SimpleFileWal wal = SimpleFileWal.open(context.dataDir(), SimpleFileWal.FDATASYNC);
        if (wal.endOffset() > 0) {
            wal.truncateSuffix(wal.endOffset() - 1);
        }
        return wal;
    }
}
