package io.quire.replication.tcp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.quire.api.metadata.BrokerInfo;
import io.quire.replication.tcp.Frame.Ack;
import io.quire.replication.tcp.Frame.Resend;
import io.quire.spi.replication.LogPosition;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's side of one authenticated follower's connection. Everything that touches the
 * follower's {@link Shipper} (the follower's ACK and RESEND frames, wake-ups when the WAL grows or
 * the socket drains) runs on the follower's own lane, off the event loop, so that one follower's
 * disk reads or slowness hold up no other follower and never the leader.
 */
final class LeaderSession extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(LeaderSession.class);

    private final LeaderRole role;
    private final int followerId;
    private final Channel channel;
    private final Shipper shipper;
    private final Executor lane;
    /** Coalesces wake-ups: one pending pump is enough however often the WAL grows meanwhile. */
    private final AtomicBoolean wakePending = new AtomicBoolean();
    /** Why this node closed the connection itself; {@code null} while it has not. */
    private volatile String closeReason;

    LeaderSession(LeaderRole role, int followerId, Channel channel, LogPosition position, BrokerInfo broker,
            Executor lane) {
        this.role = role;
        this.followerId = followerId;
        this.channel = channel;
        this.lane = lane;
        this.shipper = new Shipper(followerId, channel, role.log(), position, broker, role.config(), this::fail);
    }

    int followerId() {
        return followerId;
    }

    /** Registers the follower with the leader's log and starts shipping. */
    void start() {
        lane.execute(shipper::start);
    }

    /** The leader's WAL grew; never blocks. */
    void wake() {
        if (wakePending.compareAndSet(false, true)) {
            lane.execute(() -> {
                wakePending.set(false);
                shipper.pump();
            });
        }
    }

    /** Closes the connection on purpose (leadership moved, the follower reconnected). */
    void close(String reason) {
        closeReason = reason;
        log.info("Closing replication to follower {} at {}: {}", followerId, channel.remoteAddress(), reason);
        channel.close();
    }

    /** Closes the connection because something went wrong with it. */
    void fail(String reason) {
        closeReason = reason;
        log.warn("Closing replication to follower {} at {}: {}", followerId, channel.remoteAddress(), reason);
        channel.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Ack ack) {
            lane.execute(() -> shipper.acknowledged(ack.endOffset()));
        } else if (msg instanceof Resend resend) {
            lane.execute(() -> shipper.resend(resend.fromOffset()));
        } else {
            fail("unexpected " + ((Frame) msg).name() + " frame from a follower");
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            wake();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        role.remove(this);
        lane.execute(shipper::stop);
        if (closeReason == null) {
            log.warn("Follower {} disconnected from {}", followerId, channel.remoteAddress());
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (channel.isActive()) {
            fail(ProtocolException.describe(cause));
        }
    }
}
