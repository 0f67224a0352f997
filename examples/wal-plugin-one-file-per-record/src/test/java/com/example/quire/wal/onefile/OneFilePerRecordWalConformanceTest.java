package com.example.quire.wal.onefile;

import io.quire.spi.wal.WalProvider;
import io.quire.tck.wal.MetadataWalVerification;

/** Runs every rule of Quire's WAL conformance kit against this plugin. */
class OneFilePerRecordWalConformanceTest extends MetadataWalVerification {

    @Override
    protected WalProvider provider() {
        return new OneFilePerRecordWalProvider();
    }
}
