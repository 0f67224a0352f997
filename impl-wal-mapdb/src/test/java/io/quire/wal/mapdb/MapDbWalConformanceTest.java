package io.quire.wal.mapdb;

import io.quire.spi.wal.MetadataWal;
import io.quire.spi.wal.WalProvider;
import io.quire.tck.wal.MetadataWalVerification;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** The conformance kit's rules, run against the {@code mapdb} plugin. */
class MapDbWalConformanceTest extends MetadataWalVerification {

    @Override
    protected WalProvider provider() {
        return new MapDbWalProvider();
    }

    /** Every MapDB commit (the plugin's force) fails, through the plugin's commit seam. */
    @Override
    protected Optional<MetadataWal> openWalWhoseForceFails(Path dir) throws IOException {
        return Optional.of(MapDbWal.open(dir, WalFixtures.MAX_RECORD_BYTES, db -> {
            throw new IOException("injected commit failure");
        }));
    }
}
