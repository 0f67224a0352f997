package io.quire.spi.wal;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The metadata write-ahead log: durable, ordered, offset-addressed records.
 *
 * <h2>Contract</h2>
 * <ol>
 *   <li><b>Dense order.</b> {@link #append} assigns offsets {@code endOffset(), endOffset()+1, ...}
 *       in the order appends are accepted, with no gaps. Concurrent appends are serialized into
 *       one total order.
 *   <li><b>Durability.</b> The future returned by {@link #append} completes normally only after
 *       the record and every record before it have been forced to stable storage (or, under a
 *       plugin's documented relaxed policy, handed to it). It completes exceptionally when the
 *       write or the force failed; a failed force must never be reported as success. After such a
 *       failure the WAL refuses further appends, because what reached the disk is unknown. A
 *       failed append means "not known to be durable", never "known to be absent": its record may
 *       be found again after a restart, if its bytes reached the disk intact.
 *   <li><b>Group commit.</b> Appends that arrive while a force is in progress should share the
 *       next force, so that many concurrent appenders pay for few forces.
 *   <li><b>Recovery.</b> Creating a WAL over existing files recovers it: records up to the first
 *       torn or corrupt one are kept, that record and everything after it are removed, and the
 *       offset where the log was cut is logged as a warning. A corrupt record is never returned.
 *   <li><b>Reads.</b> {@link #read} returns durable records only, and may run concurrently with
 *       appends.
 * </ol>
 *
 * <h2>Threading</h2>
 * {@link #append}, {@link #read}, {@link #startOffset()}, {@link #endOffset()} and
 * {@link #lastEpoch()} are safe to call from any thread. {@link #truncateSuffix} and
 * {@link #deletePrefix} must not run while any append's future is pending; the caller ensures
 * that. After either of them failed, the WAL may refuse appends and changes until it is reopened
 * (recovery then decides what is on disk).
 * Completion callbacks attached to an append's future may run on the WAL's own thread: they must be
 * short and must not block.
 *
 * <h2>Lifecycle</h2>
 * Created open by {@link WalProvider#create}; {@link #close()} completes or fails every pending
 * append and releases the files. Every call after close fails with {@link WalClosedException}
 * (appends: through their future); {@link #capabilities()} still answers.
 */
public interface MetadataWal extends AutoCloseable {

    /** Optional abilities; a conformance suite skips the rules of capabilities a WAL lacks. */
    enum Capability {
        /** {@link #truncateSuffix} is supported (needed for leader-epoch truncation). */
        SUFFIX_TRUNCATION,
        /** {@link #deletePrefix} is supported (needed to drop the log below a snapshot). */
        PREFIX_DELETION
    }

    /**
     * Appends a record at the next offset. Never throws: every failure arrives through the future.
     *
     * @param epoch the epoch of the leader writing the record; never lower than the epoch of the
     *     record appended before it (durable or not)
     * @param payload the bytes to store; the caller must not modify the array afterwards
     * @return the offset the record was written at, once it is durable; fails with
     *     {@link IllegalArgumentException} (taking no offset) for a negative or stale epoch or a
     *     payload larger than the plugin accepts
     */
    CompletableFuture<Long> append(long epoch, byte[] payload);

    /**
     * Up to {@code maxRecords} durable records starting at {@code fromOffset}, in offset order: at
     * least one when {@code fromOffset < endOffset()}, none when {@code fromOffset == endOffset()}.
     * The returned records and their arrays belong to the caller.
     *
     * @param maxRecords at least 1
     * @throws WalOffsetOutOfRangeException when {@code fromOffset} is below {@link #startOffset()}
     *     or above {@link #endOffset()}
     * @throws IOException when the storage cannot be read
     */
    List<WalRecord> read(long fromOffset, int maxRecords) throws IOException;

    /** The lowest offset still held: 0, or the point below which the prefix was deleted. */
    long startOffset();

    /** The offset the next record will get: one past the last durable record. */
    long endOffset();

    /** The epoch of the last durable record, or -1 when the log holds none. */
    long lastEpoch();

    /**
     * Removes every record at or above {@code fromOffset}, durably, so that the next append gets
     * {@code fromOffset}. Used when a follower discards a suffix written in an older epoch.
     * {@code fromOffset == endOffset()} changes nothing.
     *
     * @throws WalOffsetOutOfRangeException when {@code fromOffset} lies outside
     *     [{@link #startOffset()}, {@link #endOffset()}]
     * @throws UnsupportedOperationException without {@link Capability#SUFFIX_TRUNCATION}
     */
    void truncateSuffix(long fromOffset) throws IOException;

    /**
     * Allows the WAL to drop records below {@code beforeOffset}, which a snapshot now covers. The
     * WAL may keep some of them (for example until a whole segment is below the point);
     * {@link #startOffset()} tells what it kept. When {@code beforeOffset > endOffset()} (a
     * follower installed a snapshot newer than its whole log) the WAL drops every record and its
     * next append gets {@code beforeOffset}.
     *
     * @throws UnsupportedOperationException without {@link Capability#PREFIX_DELETION}
     */
    void deletePrefix(long beforeOffset) throws IOException;

    Set<Capability> capabilities();

    /** Closes the WAL; pending appends complete (when already durable) or fail. Idempotent. */
    @Override
    void close();
}
