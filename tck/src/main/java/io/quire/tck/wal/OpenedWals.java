package io.quire.tck.wal;

import io.quire.tck.support.KitSettings;
import io.quire.spi.wal.MetadataWal;
import io.quire.spi.wal.WalProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Opens WALs the way the launcher does ({@code provider.create} over a data directory, with the
 * provider's settings) and keeps track of them, so that a rule that fails half-way never leaves a
 * WAL, its threads or its open files behind for the next rule.
 */
final class OpenedWals {

    private final WalProvider provider;
    private final Map<String, String> settings;
    private final List<MetadataWal> open = new ArrayList<>();

    OpenedWals(WalProvider provider, Map<String, String> settings) {
        this.provider = provider;
        this.settings = settings;
    }

    /** The provider's create over {@code dataDir}, recovering what is there. */
    MetadataWal open(Path dataDir) throws IOException {
        return track(provider.create(context(dataDir)));
    }

    /** Closes {@code wal} and opens its directory again: the WAL a restarted node would see. */
    MetadataWal reopen(MetadataWal wal, Path dataDir) throws IOException {
        close(wal);
        return open(dataDir);
    }

    /** A WAL opened elsewhere (a plugin's hook) that must be closed after the rule like the others. */
    MetadataWal track(MetadataWal wal) {
        open.add(wal);
        return wal;
    }

    void close(MetadataWal wal) {
        open.remove(wal);
        wal.close();
    }

    /** Closes every WAL still open. */
    void closeAll() {
        List<MetadataWal> left = List.copyOf(open);
        open.clear();
        left.forEach(MetadataWal::close);
    }

    /** What {@code provider.create} is given; settings that do not parse fail here, naming the key. */
    KitPluginContext context(Path dataDir) {
        return new KitPluginContext(dataDir, KitSettings.of("wal", provider.name(), provider.configKeys(), settings));
    }
}
