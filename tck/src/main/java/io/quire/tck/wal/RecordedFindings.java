package io.quire.tck.wal;

import io.quire.spi.wal.WalProvider;
import io.quire.spi.wal.WalRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * What a plugin's {@link WalProvider.OfflineReader} reported, kept for its own tests to check: the
 * records in the order reported, and each damage.
 */
public final class RecordedFindings implements WalProvider.Findings {

    /** One reported record and whether its checksum matched. */
    public record Found(WalRecord record, boolean checksumMatches) {}

    /** One reported damage. */
    public record Damage(long offset, String location, String problem) {}

    private final List<Found> records = new ArrayList<>();
    private final List<Damage> damages = new ArrayList<>();

    @Override
    public void record(WalRecord record, boolean checksumMatches) {
        records.add(new Found(record, checksumMatches));
    }

    @Override
    public void damage(long offset, String location, String problem) {
        damages.add(new Damage(offset, location, problem));
    }

    public List<Found> records() {
        return List.copyOf(records);
    }

    /** The reported records whose checksum matched, in the order reported. */
    public List<WalRecord> intactRecords() {
        return records.stream().filter(Found::checksumMatches).map(Found::record).toList();
    }

    public List<Damage> damages() {
        return List.copyOf(damages);
    }
}
