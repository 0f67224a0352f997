package io.quire.spi.consensus;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Elects the metadata leader and carries writes from followers to it.
 *
 * <h2>Contract</h2>
 * <ol>
 *   <li>At most one leader per epoch; epochs only grow.
 *   <li>Leadership changes reach the engine through {@link ConsensusContext#leadershipChanged}, in
 *       order.
 *   <li>{@link #propose} delivers the command to the current leader's
 *       {@link ConsensusContext#executeOnLeader} once, and completes with what that returned; or
 *       fails with {@link NotLeaderException} when no leader can take it.
 *   <li>{@link #ask} delivers a question to one member's {@link ConsensusContext#answer} and
 *       completes with its answer, or fails when that member cannot be reached. A newly elected
 *       leader asks the other members for the records it lacks before it takes writes.
 * </ol>
 *
 * <h2>Lifecycle and threading</h2>
 * {@link #start} is called once, after the engine has replayed its log; the plugin reports the
 * first leadership it knows through the context. {@link #propose} and {@link #leadership()} are
 * thread-safe. {@link #close()} stops elections and fails pending proposals.
 */
public interface Consensus extends AutoCloseable {

    void start(ConsensusContext context) throws IOException;

    /** The leadership this node currently knows. */
    Leadership leadership();

    /**
     * Hands an encoded command to the leader.
     *
     * @return the encoded result returned by the leader's engine
     */
    CompletableFuture<byte[]> propose(byte[] command);

    /**
     * The ids of the voting members, this node included: a majority of them is a quorum (for
     * {@code metadata.acks=quorum} and for a new leader's catch-up).
     */
    Set<Integer> members();

    /**
     * Asks member {@code memberId} a question the engine defines; the member's engine answers
     * through {@link ConsensusContext#answer}. Nothing is written to any log.
     *
     * @return the answer; fails when the member cannot be reached or its engine could not answer
     */
    CompletableFuture<byte[]> ask(int memberId, byte[] question);

    /**
     * Whether this plugin can carry the metadata log itself, for a node without a metadata WAL
     * (see {@link ConsensusContext#isMetadataLog()}).
     */
    boolean canBeTheMetadataLog();

    @Override
    void close();
}
