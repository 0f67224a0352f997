package io.quire.wal.file;

import io.quire.spi.wal.MetadataWal;
import io.quire.spi.wal.WalProvider;
import io.quire.tck.wal.MetadataWalVerification;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The WAL conformance kit bound to the {@code file} plugin, with segments small enough to roll. */
class FileWalConformanceTest extends MetadataWalVerification {

    @Override
    protected WalProvider provider() {
        return new FileWalProvider();
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of(FileWalProvider.SEGMENT_BYTES.name(), "65536");
    }

    @Override
    protected Optional<MetadataWal> openWalWhoseForceFails(Path dir) throws IOException {
        FaultyChannels channels = new FaultyChannels();
        channels.failForces(new IOException("injected force failure"));
        return Optional.of(FileWal.open(dir, WalFixtures.DEFAULT_LIMITS, channels));
    }
}
