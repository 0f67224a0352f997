package io.quire.tck.wal;

import io.quire.spi.wal.WalProvider;

/** The suite bound to the broken {@link ForgetsLastRecordWalProvider}; run only by {@link KitSelfTest}. */
class ForgetsLastRecordVerification extends MetadataWalVerification {

    @Override
    protected WalProvider provider() {
        return new ForgetsLastRecordWalProvider();
    }
}
