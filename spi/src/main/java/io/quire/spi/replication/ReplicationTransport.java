package io.quire.spi.replication;

import io.quire.spi.consensus.Leadership;
import java.io.IOException;

/**
 * Moves WAL records from the leader to the followers, in the background of the leader's answers.
 *
 * <h2>Contract</h2>
 * <ol>
 *   <li>Each follower receives the leader's records in offset order, each applied once; a gap is
 *       never skipped.
 *   <li>The leader keeps a cursor per follower; a follower that (re)connects states its
 *       {@link LogPosition} and the leader resumes from there, truncating a divergent suffix
 *       first ({@link LeaderLog#divergenceOffset}) and sending a snapshot first when its WAL no
 *       longer holds the offset.
 *   <li>A slow or dead follower never slows the leader or the other followers.
 *   <li>Only authenticated members of the cluster may send or receive records.
 * </ol>
 *
 * <h2>Lifecycle and threading</h2>
 * {@link #start} once, then {@link #leadershipChanged} for each change in order (the same events
 * the engine sees), {@link #recordsDurable} from any thread whenever the leader's WAL grows, and
 * {@link #close()} once at shutdown.
 */
public interface ReplicationTransport extends AutoCloseable {

    /** Binds the transport's listener and keeps the context for later calls. */
    void start(ReplicationContext context) throws IOException;

    /** As leader, serve followers; as follower, (re)connect to the new leader. */
    void leadershipChanged(Leadership leadership);

    /** The leader's WAL now holds durable records below {@code endOffset}; wake the shippers. */
    void recordsDurable(long endOffset);

    @Override
    void close();
}
