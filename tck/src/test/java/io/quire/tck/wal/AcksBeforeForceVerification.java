package io.quire.tck.wal;

import io.quire.spi.wal.WalProvider;

/** The suite bound to the broken {@link AcksBeforeForceWal}; run only by {@link KitSelfTest}. */
class AcksBeforeForceVerification extends MetadataWalVerification {

    @Override
    protected WalProvider provider() {
        return new AcksBeforeForceWalProvider();
    }
}
