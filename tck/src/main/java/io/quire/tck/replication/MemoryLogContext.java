package io.quire.tck.replication;

import io.quire.api.metadata.BrokerInfo;
import io.quire.spi.replication.FollowerLog;
import io.quire.spi.replication.LeaderLog;
import io.quire.spi.replication.ReplicationContext;

/**
 * What a transport under test is started with: one {@link MemoryLog} serves as the node's log both
 * when it leads and when it follows. The kit's clusters use it; a transport's own tests may too.
 */
public record MemoryLogContext(int nodeId, String clusterId, BrokerInfo localBroker, MemoryLog log)
        implements ReplicationContext {

    @Override
    public LeaderLog leaderLog() {
        return log;
    }

    @Override
    public FollowerLog followerLog() {
        return log;
    }
}
