package io.quire.spi.replication;

/** The engine's side of replication. */
public interface ReplicationContext {

    int nodeId();

    /** The source a leader ships from. */
    LeaderLog leaderLog();

    /** The sink a follower feeds. */
    FollowerLog followerLog();
}
