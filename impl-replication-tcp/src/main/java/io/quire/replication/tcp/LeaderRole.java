package io.quire.replication.tcp;

import io.netty.channel.Channel;
import io.quire.api.metadata.BrokerInfo;
import io.quire.spi.replication.LeaderLog;
import io.quire.spi.replication.LogPosition;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * One term of this node as leader: the followers it serves in that epoch. Closing it (when the
 * leadership moves or the epoch changes) drops every follower, which reconnects to whoever leads.
 */
final class LeaderRole {

    private final long epoch;
    private final LeaderLog log;
    private final Executor shippingPool;
    private final TcpReplicationConfig config;
    private final Map<Integer, LeaderSession> sessions = new ConcurrentHashMap<>();
    private boolean closed;

    LeaderRole(long epoch, LeaderLog log, Executor shippingPool, TcpReplicationConfig config) {
        this.epoch = epoch;
        this.log = log;
        this.shippingPool = shippingPool;
        this.config = config;
    }

    long epoch() {
        return epoch;
    }

    LeaderLog log() {
        return log;
    }

    TcpReplicationConfig config() {
        return config;
    }

    /**
     * Starts serving an authenticated follower on {@code channel}; a previous session of the same
     * follower (a connection it has given up on) is closed, since the new one states where the
     * follower really is.
     *
     * @return the session, or {@code null} when this term has ended meanwhile
     */
    synchronized LeaderSession open(Channel channel, int followerId, LogPosition position, BrokerInfo broker) {
        if (closed) {
            return null;
        }
        LeaderSession session = new LeaderSession(this, followerId, channel, position, broker,
                new SerialExecutor(shippingPool));
        LeaderSession previous = sessions.put(followerId, session);
        if (previous != null) {
            previous.close("follower " + followerId + " connected again");
        }
        return session;
    }

    void remove(LeaderSession session) {
        sessions.remove(session.followerId(), session);
    }

    /** Wakes every follower's shipper; never blocks. */
    void wakeAll() {
        sessions.values().forEach(LeaderSession::wake);
    }

    synchronized void close(String reason) {
        closed = true;
        sessions.values().forEach(session -> session.close(reason));
        sessions.clear();
    }
}
