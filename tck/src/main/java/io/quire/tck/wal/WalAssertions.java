package io.quire.tck.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.quire.spi.wal.MetadataWal;
import io.quire.spi.wal.WalClosedException;
import io.quire.spi.wal.WalOffsetOutOfRangeException;
import io.quire.spi.wal.WalRecord;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Checks that several rules share, each failing with the rule it was called for. */
final class WalAssertions {

    private WalAssertions() {}

    /** {@code call} must throw {@link WalOffsetOutOfRangeException} for {@code requested}. */
    static void assertOutOfRange(WalRule rule, String call, long requested, ThrowingCallable action) {
        Throwable thrown = catchThrowable(action);
        assertThat(thrown).as(rule.that("%s must throw WalOffsetOutOfRangeException", call))
                .isInstanceOf(WalOffsetOutOfRangeException.class);
        assertThat(((WalOffsetOutOfRangeException) thrown).requested())
                .as(rule.that("the requested offset reported by %s", call)).isEqualTo(requested);
    }

    /** {@code call} on a closed WAL must throw {@link WalClosedException}. */
    static void assertClosed(WalRule rule, String call, ThrowingCallable action) {
        assertThat(catchThrowable(action)).as(rule.that("%s after close() must throw WalClosedException", call))
                .isInstanceOf(WalClosedException.class);
    }

    /** The log holds no record: offsets [0, 0), last epoch -1, a read at 0 is empty and above it refused. */
    static void assertEmpty(WalRule rule, MetadataWal wal, String which) throws IOException {
        assertThat(wal.startOffset()).as(rule.that("startOffset of %s", which)).isZero();
        assertThat(wal.endOffset()).as(rule.that("endOffset of %s", which)).isZero();
        assertThat(wal.lastEpoch()).as(rule.that("lastEpoch of %s", which)).isEqualTo(-1);
        assertThat(wal.read(0, 10)).as(rule.that("read(0, 10) of %s", which)).isEmpty();
        assertOutOfRange(rule, "read(1, 1) of " + which, 1, () -> wal.read(1, 1));
    }

    /**
     * Every record is one the kit wrote (its payload checks out byte for byte), in {@code epoch},
     * and none appears twice: what a log may hold when the kit cannot know exactly what survived.
     */
    static void assertGenuineAndUnique(WalRule rule, List<WalRecord> records, long epoch) {
        Set<String> ids = new HashSet<>();
        for (WalRecord record : records) {
            assertThat(Payloads.isGenuine(record.payload()))
                    .as(rule.that("the payload at offset %d is one that was appended, byte for byte", record.offset()))
                    .isTrue();
            assertThat(record.epoch()).as(rule.that("the epoch at offset %d", record.offset())).isEqualTo(epoch);
            String id = Payloads.idOf(record.payload()).orElseThrow();
            assertThat(ids.add(id)).as(rule.that("the record '%s' at offset %d appears only once", id, record.offset()))
                    .isTrue();
        }
    }

    /**
     * The record at {@code offset} in {@code log}, a whole log read from {@code start}; fails when the
     * log does not reach that offset.
     */
    static WalRecord recordAt(WalRule rule, List<WalRecord> log, long start, long offset, String which) {
        assertThat(offset).as(rule.that("offset %d, %s, must be in the reopened log [%d, %d)", offset, which, start,
                start + log.size())).isGreaterThanOrEqualTo(start).isLessThan(start + log.size());
        return log.get(Math.toIntExact(offset - start));
    }

    /** The log as it stands: offsets [{@code start}, {@code end}), {@code lastEpoch}, and exactly {@code records}. */
    static void assertLog(WalRule rule, MetadataWal wal, String when, List<WalRecord> records, long lastEpoch)
            throws IOException {
        long start = records.isEmpty() ? wal.startOffset() : records.get(0).offset();
        assertThat(wal.startOffset()).as(rule.that("startOffset %s", when)).isEqualTo(start);
        assertThat(wal.endOffset()).as(rule.that("endOffset %s", when)).isEqualTo(start + records.size());
        assertThat(wal.lastEpoch()).as(rule.that("lastEpoch %s", when)).isEqualTo(lastEpoch);
        assertThat(LogReads.all(rule, wal)).as(rule.that("the records %s", when)).containsExactlyElementsOf(records);
    }
}
