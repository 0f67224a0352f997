package io.quire.replication.tcp;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.ScheduledFuture;
import io.quire.spi.replication.FollowerLog;
import io.quire.spi.replication.LogPosition;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this follower connected to the leader it was last told about: connects, reconnects after
 * {@code reconnect-backoff-ms} when the connection is lost (stating its position afresh each time;
 * the pause doubles while attempts keep failing), and lets go when the leadership moves, or, after
 * a stale-epoch refusal, until it moves.
 */
final class LeaderConnector {

    private static final Logger log = LoggerFactory.getLogger(LeaderConnector.class);

    /** Failed attempts in a row double the pause, up to this many times over. */
    private static final int MAX_BACKOFF_DOUBLINGS = 5;

    /** The leader to follow, as one leadership event named it. */
    record Target(int leaderId, long epoch, InetSocketAddress address) {

        /** The address as configured, for log lines. */
        String where() {
            return address.getHostString() + ":" + address.getPort();
        }
    }

    private final LocalNode node;
    private final EventLoopGroup group;
    /** The single apply thread; connecting goes through it too (see {@link #open}). */
    private final Executor applier;
    private final FollowerLog followerLog;
    private final Path spoolDir;

    // Guarded by this. Each follow() or stop() starts a new generation; callbacks of an older one do nothing.
    private long generation;
    private Target target;
    private Channel channel;
    private ScheduledFuture<?> retry;
    private boolean fenced;
    private boolean unreachableLogged;
    /** Attempts in a row that ended before a session started (refused, unreachable). */
    private int failures;
    /** Whether the current connection got past the handshake. */
    private boolean following;
    private boolean closed;

    LeaderConnector(LocalNode node, EventLoopGroup group, Executor applier, FollowerLog followerLog, Path spoolDir) {
        this.node = node;
        this.group = group;
        this.applier = applier;
        this.followerLog = followerLog;
        this.spoolDir = spoolDir;
    }

    /** Follows {@code next}, dropping any connection to a previous leader. */
    synchronized void follow(Target next) {
        release();
        target = next;
        fenced = false;
        unreachableLogged = false;
        failures = 0;
        connect(generation, next);
    }

    /** Follows no one. */
    synchronized void stop() {
        release();
        target = null;
    }

    synchronized void close() {
        closed = true;
        stop();
    }

    private void release() {
        generation++;
        following = false;
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    private void connect(long gen, Target to) {
        try {
            applier.execute(() -> open(gen, to));
        } catch (RejectedExecutionException e) {
            // The transport is closing.
        }
    }

    /**
     * Runs on the apply thread, behind every record already queued there, so that the position
     * stated to the leader includes all of them.
     */
    private void open(long gen, Target to) {
        if (!isCurrent(gen)) {
            return;
        }
        LogPosition position;
        try {
            position = followerLog.position();
        } catch (RuntimeException e) {
            log.warn("Cannot read this node's log position to follow leader {}: {}", to.leaderId(), e.toString());
            retryLater(gen, to);
            return;
        }
        // Resolved on every attempt, so that a moved leader is found again.
        InetSocketAddress address = new InetSocketAddress(to.address().getHostString(), to.address().getPort());
        if (address.isUnresolved()) {
            unreachable(gen, to, "cannot resolve " + to.address().getHostString());
            return;
        }
        ChannelFuture connecting = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, node.config().handshakeTimeoutMs())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast("frameDecoder", new FrameDecoder())
                                .addLast("frameEncoder", FrameEncoder.INSTANCE)
                                .addLast("followerHandshake", new FollowerHandshake(node, to, position,
                                        connected -> session(gen, to, connected)));
                    }
                })
                .connect(address);
        synchronized (this) {
            if (!isCurrent(gen)) {
                connecting.channel().close();
                return;
            }
            channel = connecting.channel();
        }
        connecting.addListener(done -> {
            if (!done.isSuccess()) {
                unreachable(gen, to, done.cause().toString());
            }
        });
        connecting.channel().closeFuture().addListener(done -> lost(gen, to));
    }

    private FollowerSession session(long gen, Target to, Channel connected) {
        synchronized (this) {
            unreachableLogged = false;
            failures = 0;
            following = true;
        }
        ReplicaStream stream = new ReplicaStream(connected, to.leaderId(), followerLog, spoolDir, () -> fence(gen));
        return new FollowerSession(to.leaderId(), stream, applier, node.config().maxInFlightBatches() + 1,
                () -> isCurrent(gen));
    }

    /** The leader's epoch is stale: no reconnecting until the next leadership event. */
    private synchronized void fence(long gen) {
        if (gen == generation) {
            fenced = true;
        }
    }

    private synchronized void unreachable(long gen, Target to, String why) {
        if (gen != generation) {
            return;
        }
        // Once per outage at WARN: a follower that waits for its leader retries often.
        if (!unreachableLogged) {
            unreachableLogged = true;
            log.warn("Cannot reach leader {} at {}: {}; retrying", to.leaderId(), to.where(), why);
        } else {
            log.debug("Cannot reach leader {} at {}: {}", to.leaderId(), to.where(), why);
        }
        retryLater(gen, to);
    }

    private synchronized void lost(long gen, Target to) {
        if (gen != generation || channel == null) {
            return;
        }
        channel = null;
        if (following && !fenced && !closed) {
            log.info("Lost the connection to leader {} at {}; reconnecting", to.leaderId(), to.where());
        }
        following = false;
        retryLater(gen, to);
    }

    private synchronized void retryLater(long gen, Target to) {
        if (gen != generation || fenced || closed || retry != null && !retry.isDone()) {
            return;
        }
        // A leader that keeps refusing (a wrong secret, say) is asked less and less often.
        long pause = (long) node.config().reconnectBackoffMs() << Math.min(failures, MAX_BACKOFF_DOUBLINGS);
        failures++;
        try {
            retry = group.schedule(() -> connect(gen, to), pause, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The event loops are shutting down with the transport.
        }
    }

    private synchronized boolean isCurrent(long gen) {
        return gen == generation && !closed;
    }
}
