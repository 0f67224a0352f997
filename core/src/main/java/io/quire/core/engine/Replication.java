package io.quire.core.engine;

import io.quire.api.metadata.BrokerInfo;
import io.quire.spi.replication.FollowerLog;
import io.quire.spi.replication.LeaderLog;
import io.quire.spi.replication.ReplicationContext;

/** The engine as a replication transport sees it: a log to ship from and a log to feed. */
final class Replication implements ReplicationContext {

    private final MetadataEngine engine;
    private final LeaderSide leaderSide;
    private final FollowerSide followerSide;

    Replication(MetadataEngine engine, FollowerSide followerSide) {
        this.engine = engine;
        this.leaderSide = new LeaderSide(engine);
        this.followerSide = followerSide;
    }

    @Override
    public int nodeId() {
        return engine.nodeIdForReplication();
    }

    @Override
    public String clusterId() {
        return engine.clusterId();
    }

    @Override
    public BrokerInfo localBroker() {
        return engine.localBroker();
    }

    @Override
    public LeaderLog leaderLog() {
        return leaderSide;
    }

    @Override
    public FollowerLog followerLog() {
        return followerSide;
    }
}
