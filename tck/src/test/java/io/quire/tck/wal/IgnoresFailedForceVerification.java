package io.quire.tck.wal;

import io.quire.spi.wal.MetadataWal;
import io.quire.spi.wal.WalProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Broken on purpose, for the self-test of rule wal20: the honest WAL, but over a force whose
 * failure is swallowed, so that an append whose force failed is acknowledged as durable.
 * Run only by {@link KitSelfTest}.
 */
class IgnoresFailedForceVerification extends MetadataWalVerification {

    private static final SimpleFileWal.Force SWALLOWING_FORCE = channel -> {
        try {
            SimpleFileWalVerification.FAILING_FORCE.force(channel);
        } catch (IOException e) {
            // The bug under test: the failure goes nowhere and the append is acknowledged.
        }
    };

    @Override
    protected WalProvider provider() {
        return new SimpleFileWalProvider();
    }

    @Override
    protected Optional<MetadataWal> openWalWhoseForceFails(Path dir) throws IOException {
        return Optional.of(SimpleFileWal.open(dir, SWALLOWING_FORCE));
    }
}
