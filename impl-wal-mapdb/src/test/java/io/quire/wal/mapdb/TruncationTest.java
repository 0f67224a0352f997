package io.quire.wal.mapdb;

import static io.quire.wal.mapdb.WalFixtures.appendDurably;
import static io.quire.wal.mapdb.WalFixtures.appendRecords;
import static io.quire.wal.mapdb.WalFixtures.bytes;
import static io.quire.wal.mapdb.WalFixtures.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quire.spi.wal.WalOffsetOutOfRangeException;
import io.quire.spi.wal.WalRecord;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Suffix truncation and prefix deletion, each durable in one commit. */
class TruncationTest {

    @TempDir
    Path dir;

    @Test
    void truncateSuffixRemovesTheTailAndTheNextAppendReusesItsOffset() throws Exception {
        try (MapDbWal wal = WalFixtures.open(dir)) {
            appendRecords(wal, 1, 3);
            appendRecords(wal, 2, 3);

            wal.truncateSuffix(4);

            assertThat(wal.endOffset()).isEqualTo(4);
            assertThat(wal.lastEpoch()).isEqualTo(2);
            WalFixtures.assertOffsets(readAll(wal), 0, 4);
            assertThatThrownBy(() -> wal.read(5, 1)).isInstanceOf(WalOffsetOutOfRangeException.class);
            assertThat(appendDurably(wal, 3, bytes("new leader"))).isEqualTo(4);
        }
    }

    @Test
    void truncatedSuffixStaysGoneAfterReopen() throws Exception {
        try (MapDbWal wal = WalFixtures.open(dir)) {
            appendRecords(wal, 1, 3);
            appendRecords(wal, 2, 3);
            wal.truncateSuffix(3);
        }

        try (MapDbWal wal = WalFixtures.open(dir)) {
            assertThat(wal.endOffset()).isEqualTo(3);
            assertThat(wal.lastEpoch()).as("the epoch of the record before the cut").isEqualTo(1);
            assertThat(readAll(wal)).extracting(WalRecord::epoch).containsOnly(1L);
        }
    }

    @Test
    void truncateSuffixAtTheEndChangesNothingAndOutsideTheRangeIsRefused() throws Exception {
        try (MapDbWal wal = WalFixtures.open(dir)) {
            appendRecords(wal, 1, 3);
            long commits = wal.commitCount();

            wal.truncateSuffix(3);

            assertThat(wal.endOffset()).isEqualTo(3);
            assertThat(wal.commitCount()).isEqualTo(commits);
            assertThatThrownBy(() -> wal.truncateSuffix(4)).isInstanceOf(WalOffsetOutOfRangeException.class);
            assertThatThrownBy(() -> wal.truncateSuffix(-1)).isInstanceOf(WalOffsetOutOfRangeException.class);
        }
    }

    @Test
    void truncatingEverythingLeavesNoLastEpoch() throws Exception {
        try (MapDbWal wal = WalFixtures.open(dir)) {
            appendRecords(wal, 4, 3);
            wal.truncateSuffix(0);

            assertThat(wal.endOffset()).isZero();
            assertThat(wal.lastEpoch()).isEqualTo(-1);
        }
        try (MapDbWal wal = WalFixtures.open(dir)) {
            assertThat(wal.endOffset()).isZero();
            assertThat(wal.lastEpoch()).isEqualTo(-1);
            assertThat(appendDurably(wal, 1, bytes("older epoch is fine now"))).isZero();
        }
    }

    @Test
    void deletePrefixDropsTheRecordsBelowAndSurvivesReopen() throws Exception {
        try (MapDbWal wal = WalFixtures.open(dir)) {
            appendRecords(wal, 3, 10);

            wal.deletePrefix(6);

            assertThat(wal.startOffset()).isEqualTo(6);
            assertThat(wal.endOffset()).isEqualTo(10);
            WalFixtures.assertOffsets(readAll(wal), 6, 10);
            assertThatThrownBy(() -> wal.read(5, 1)).isInstanceOf(WalOffsetOutOfRangeException.class);
        }

        try (MapDbWal wal = WalFixtures.open(dir)) {
            assertThat(wal.startOffset()).isEqualTo(6);
            assertThat(wal.endOffset()).isEqualTo(10);
            assertThat(wal.lastEpoch()).isEqualTo(3);
            assertThat(readAll(wal)).extracting(WalFixtures::text)
                    .containsExactly("record-6", "record-7", "record-8", "record-9");
        }
    }

    @Test
    void deletePrefixAtTheEndKeepsTheLastEpochAcrossReopen() throws Exception {
        try (MapDbWal wal = WalFixtures.open(dir)) {
            appendRecords(wal, 5, 4);
            wal.deletePrefix(4);

            assertThat(wal.startOffset()).isEqualTo(4);
            assertThat(wal.endOffset()).isEqualTo(4);
            assertThat(wal.read(4, 10)).isEmpty();
        }

        try (MapDbWal wal = WalFixtures.open(dir)) {
            assertThat(wal.startOffset()).isEqualTo(4);
            assertThat(wal.endOffset()).isEqualTo(4);
            assertThat(wal.lastEpoch()).as("fencing outlives the deleted records").isEqualTo(5);
            assertThatThrownBy(() -> wal.append(4, bytes("stale")).get()).cause()
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(appendDurably(wal, 5, bytes("next"))).isEqualTo(4);
        }
    }

    @Test
    void deletePrefixAtOrBelowTheStartChangesNothing() throws Exception {
        try (MapDbWal wal = WalFixtures.open(dir)) {
            appendRecords(wal, 1, 5);
            wal.deletePrefix(2);
            long commits = wal.commitCount();

            wal.deletePrefix(2);
            wal.deletePrefix(1);

            assertThat(wal.startOffset()).isEqualTo(2);
            assertThat(wal.commitCount()).isEqualTo(commits);
        }
    }

    @Test
    void deletePrefixBeyondTheEndRestartsTheLogThereAcrossReopen() throws Exception {
        try (MapDbWal wal = WalFixtures.open(dir)) {
            appendRecords(wal, 2, 3);

            wal.deletePrefix(100);

            assertThat(wal.startOffset()).isEqualTo(100);
            assertThat(wal.endOffset()).isEqualTo(100);
            assertThat(wal.lastEpoch()).isEqualTo(-1);
            assertThat(wal.read(100, 10)).isEmpty();
            assertThatThrownBy(() -> wal.read(2, 1)).isInstanceOf(WalOffsetOutOfRangeException.class);
        }

        try (MapDbWal wal = WalFixtures.open(dir)) {
            assertThat(wal.startOffset()).isEqualTo(100);
            assertThat(wal.endOffset()).isEqualTo(100);
            assertThat(wal.lastEpoch()).isEqualTo(-1);
            assertThat(appendDurably(wal, 7, bytes("after the snapshot"))).isEqualTo(100);
        }
        try (MapDbWal wal = WalFixtures.open(dir)) {
            assertThat(readAll(wal)).containsExactly(new WalRecord(7, 100, bytes("after the snapshot")));
            assertThat(wal.lastEpoch()).isEqualTo(7);
        }
    }

    @Test
    void truncateSuffixAfterDeletePrefixTakesTheEpochFromTheKeptRecords() throws Exception {
        try (MapDbWal wal = WalFixtures.open(dir)) {
            appendRecords(wal, 1, 4);
            appendRecords(wal, 2, 4);
            wal.deletePrefix(3);

            wal.truncateSuffix(4);

            assertThat(wal.startOffset()).isEqualTo(3);
            assertThat(wal.lastEpoch()).isEqualTo(1);
            assertThatThrownBy(() -> wal.truncateSuffix(2)).isInstanceOf(WalOffsetOutOfRangeException.class);
        }
    }
}
