package io.quire.core.engine;

import io.quire.api.metadata.BrokerInfo;
import io.quire.core.snapshot.SnapshotStore;
import io.quire.spi.replication.LeaderLog;
import io.quire.spi.replication.LogPosition;
import io.quire.spi.replication.ReplicatedRecord;
import io.quire.spi.wal.WalRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;

/** The leader's WAL, snapshots and epochs, as its replication transport ships them. */
final class LeaderSide implements LeaderLog {

    private static final int METADATA_PARTITION = 0;

    private final MetadataEngine engine;

    LeaderSide(MetadataEngine engine) {
        this.engine = engine;
    }

    @Override
    public long epoch() {
        return engine.leadership().epoch();
    }

    @Override
    public long startOffset() {
        return engine.wal().startOffset();
    }

    @Override
    public long endOffset() {
        return engine.wal().endOffset();
    }

    @Override
    public List<ReplicatedRecord> read(long fromOffset, int maxRecords) throws IOException {
        long highWatermark = engine.wal().endOffset();
        List<WalRecord> records = engine.wal().read(fromOffset, maxRecords);
        return records.stream()
                .map(r -> new ReplicatedRecord(ReplicatedRecord.METADATA_TOPIC, METADATA_PARTITION, r.epoch(),
                        r.offset(), highWatermark, r.payload()))
                .toList();
    }

    @Override
    public long divergenceOffset(LogPosition follower) {
        LogQuestions.EpochEnd ours = engine.epochEnd(follower.lastEpoch());
        if (ours.epoch() == follower.lastEpoch()) {
            return Math.min(follower.endOffset(), ours.endOffset());
        }
        // This leader never had the follower's last epoch: a deposed leader wrote it alone, so all
        // of it diverges, and what comes before it is the follower's history up to an epoch held here.
        return Math.min(follower.lastEpochStart(), ours.endOffset());
    }

    @Override
    public Snapshot openSnapshot() throws IOException {
        SnapshotStore.Snapshot newest = engine.walSnapshots().newest();
        InputStream data = newest.open();
        engine.meters().snapshotSent();
        LongWork.Job sending = engine.longWork().start("sending the snapshot of offsets below " + newest.endOffset()
                + " to a follower", "bytes", Files.size(newest.file()), false);
        return new Snapshot(newest.endOffset(), newest.epoch(), new ProgressInputStream(data, sending));
    }

    @Override
    public void acknowledged(int followerId, long endOffset) {
        engine.quorumAcks().durable(followerId, endOffset);
    }

    @Override
    public void followerJoined(BrokerInfo broker) {
        engine.registerBroker(broker);
    }
}
