package io.quire.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.api.command.RegisterBroker;
import io.quire.api.metadata.BrokerInfo;
import io.quire.core.codec.CommandCodec;
import io.quire.core.testing.LocalLeaderConsensus;
import io.quire.core.testing.Plugins;
import io.quire.spi.replication.LogPosition;
import io.quire.spi.wal.MetadataWal;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a follower's log parts from the leader's (leader-epoch truncation, KIP-101): the leader's
 * log holds epoch 1 at offsets 0-9 and epoch 3 from offset 10 to 14.
 */
class DivergenceTest {

    @TempDir
    Path dir;

    private MetadataWal wal;
    private MetadataEngine engine;
    private LeaderSide leader;

    @BeforeEach
    void leaderWithEpochsOneAndThree() throws Exception {
        CommandCodec codec = new CommandCodec();
        wal = Plugins.openFileWal(dir.resolve("wal"));
        for (int offset = 0; offset < 15; offset++) {
            byte[] record = codec.encode(new RegisterBroker(new BrokerInfo(offset, "127.0.0.1", 9092, null)));
            wal.append(offset < 10 ? 1 : 3, record).get(10, TimeUnit.SECONDS);
        }
        engine = new MetadataEngine(1, wal, Plugins.newKafkaStateMachine(dir.resolve("state")),
                new LocalLeaderConsensus(1), codec);
        engine.recover();
        leader = new LeaderSide(engine);
    }

    @AfterEach
    void close() {
        engine.close();
        wal.close();
    }

    @Test
    void aFollowerWhosLogIsAPrefixKeepsAll() {
        assertThat(leader.divergenceOffset(new LogPosition(1, 7, 0))).isEqualTo(7);
        assertThat(leader.divergenceOffset(new LogPosition(3, 12, 10))).isEqualTo(12);
        assertThat(leader.divergenceOffset(LogPosition.withoutRecordsOfLastEpoch(-1, 0))).isZero();
    }

    @Test
    void aFollowerWithMoreRecordsOfAnEpochThanTheLeaderCutsThemWhereTheLeadersNextEpochBegins() {
        assertThat(leader.divergenceOffset(new LogPosition(1, 13, 0))).isEqualTo(10);
    }

    @Test
    void aFollowerEndingInAnEpochTheLeaderNeverHadCutsAllOfIt() {
        // A deposed leader of epoch 2 wrote offsets 8-11 alone, after epoch 1's offsets 0-7.
        assertThat(leader.divergenceOffset(new LogPosition(2, 12, 8))).isEqualTo(8);
        // The same epoch 2 starting past the leader's epoch 1: cut where epoch 1 ends here.
        assertThat(leader.divergenceOffset(new LogPosition(2, 14, 11))).isEqualTo(10);
    }
}
