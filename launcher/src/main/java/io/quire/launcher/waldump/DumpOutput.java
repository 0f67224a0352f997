package io.quire.launcher.waldump;

import java.nio.file.Path;
import java.util.List;

/** Where the dump goes, in the order found: the WAL's records and damage, its summary, then the snapshots. */
interface DumpOutput {

    void walStart(String plugin, Path dir);

    void record(DumpedRecord record);

    /** Bytes that are not the intact record expected at {@code offset}. */
    void damage(long offset, String location, String problem);

    void walEnd(WalSummary summary);

    void snapshots(Path dir, List<SnapshotReport> snapshots);
}
