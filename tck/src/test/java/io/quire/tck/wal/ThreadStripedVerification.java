package io.quire.tck.wal;

import io.quire.spi.wal.WalProvider;

/** The suite bound to the broken {@link ThreadStripedWal}; run only by {@link KitSelfTest}. */
class ThreadStripedVerification extends MetadataWalVerification {

    @Override
    protected WalProvider provider() {
        return new ThreadStripedWalProvider();
    }
}
