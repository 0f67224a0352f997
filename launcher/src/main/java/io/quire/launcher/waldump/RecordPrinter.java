package io.quire.launcher.waldump;

import io.quire.core.codec.CommandCodec;
import io.quire.spi.wal.WalProvider;
import io.quire.spi.wal.WalRecord;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Receives what a WAL plugin's offline reader finds, decodes each record from {@code --from} on
 * and hands it to the output as it comes, so that a WAL of any size is dumped in constant memory.
 * Damage is shown whatever its offset: a cut below {@code --from} still drops the records above it.
 */
final class RecordPrinter implements WalProvider.Findings {

    private final long fromOffset;
    private final CommandCodec codec;
    private final DumpOutput output;
    private long records;
    private OptionalLong firstOffset = OptionalLong.empty();
    private OptionalLong lastOffset = OptionalLong.empty();
    private long mismatches;
    private long undecodable;
    private long damages;
    private OptionalLong cutAt = OptionalLong.empty();

    RecordPrinter(long fromOffset, CommandCodec codec, DumpOutput output) {
        this.fromOffset = fromOffset;
        this.codec = codec;
        this.output = output;
    }

    @Override
    public void record(WalRecord record, boolean checksumMatches) {
        if (record.offset() < fromOffset) {
            return;
        }
        DecodedPayload payload = DecodedPayload.decode(codec, record.payload());
        records++;
        if (firstOffset.isEmpty()) {
            firstOffset = OptionalLong.of(record.offset());
        }
        lastOffset = OptionalLong.of(record.offset());
        if (!checksumMatches) {
            mismatches++;
        }
        if (payload instanceof DecodedPayload.Undecodable) {
            undecodable++;
        }
        output.record(new DumpedRecord(record.offset(), record.epoch(), record.payload().length, checksumMatches,
                payload));
    }

    @Override
    public void damage(long offset, String location, String problem) {
        damages++;
        if (cutAt.isEmpty()) {
            cutAt = OptionalLong.of(offset);
        }
        output.damage(offset, location, problem);
    }

    WalSummary summary(String plugin, Path dir) {
        return new WalSummary(plugin, dir, records, firstOffset, lastOffset, mismatches, undecodable, damages, cutAt);
    }
}
