package io.quire.spi.replication;

import io.quire.api.metadata.BrokerInfo;

/** The engine's side of replication. */
public interface ReplicationContext {

    int nodeId();

    /** The cluster's id ({@code cluster.id}); nodes of different clusters must never exchange records. */
    String clusterId();

    /** This node as a broker (its Kafka address), which a follower states to the leader when it joins. */
    BrokerInfo localBroker();

    /** The source a leader ships from. */
    LeaderLog leaderLog();

    /** The sink a follower feeds. */
    FollowerLog followerLog();
}
