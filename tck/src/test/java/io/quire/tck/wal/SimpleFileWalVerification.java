package io.quire.tck.wal;

import io.quire.spi.wal.MetadataWal;
import io.quire.spi.wal.WalProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The suite bound to the honest {@link SimpleFileWal}, as a plugin binds it. Not run by Surefire
 * directly (its name is not a test's): {@link KitSelfTest} runs it and checks every outcome.
 */
class SimpleFileWalVerification extends MetadataWalVerification {

    /** A force that fails, as a dying disk's would. */
    static final SimpleFileWal.Force FAILING_FORCE = channel -> {
        throw new IOException("injected force failure");
    };

    @Override
    protected WalProvider provider() {
        return new SimpleFileWalProvider();
    }

    @Override
    protected Optional<MetadataWal> openWalWhoseForceFails(Path dir) throws IOException {
        return Optional.of(SimpleFileWal.open(dir, FAILING_FORCE));
    }
}
