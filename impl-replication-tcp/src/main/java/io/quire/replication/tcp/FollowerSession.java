package io.quire.replication.tcp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A follower's connection to its leader after the handshake: hands the leader's frames, in order,
 * to its {@link ReplicaStream} on the apply thread, and stops reading from the socket while too
 * many wait there, so that a slow log pushes back on the leader through TCP instead of filling
 * this node's heap.
 */
final class FollowerSession extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(FollowerSession.class);

    private final int leaderId;
    private final ReplicaStream stream;
    private final Executor applier;
    /** Reading pauses once this many frames wait for the apply thread. */
    private final int pauseAt;
    private final AtomicInteger queued = new AtomicInteger();
    /**
     * False once this node stopped following this leader. The channel closes asynchronously, so
     * frames already read must not reach the log after the transport was told to follow no one.
     */
    private final BooleanSupplier followed;

    FollowerSession(int leaderId, ReplicaStream stream, Executor applier, int pauseAt, BooleanSupplier followed) {
        this.leaderId = leaderId;
        this.stream = stream;
        this.applier = applier;
        this.pauseAt = pauseAt;
        this.followed = followed;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Frame frame = (Frame) msg;
        Channel channel = ctx.channel();
        // Paused before the task is queued, so the task's own resume always comes after this pause.
        if (queued.incrementAndGet() >= pauseAt) {
            channel.config().setAutoRead(false);
        }
        run(() -> {
            try {
                if (followed.getAsBoolean()) {
                    stream.handle(frame);
                }
            } finally {
                if (queued.decrementAndGet() < pauseAt) {
                    channel.config().setAutoRead(true);
                }
            }
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stream.disconnected();
        run(stream::discard);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (ctx.channel().isActive()) {
            log.warn("Closing replication connection to leader {}: {}", leaderId, ProtocolException.describe(cause));
            ctx.close();
        }
    }

    private void run(Runnable task) {
        try {
            applier.execute(task);
        } catch (RejectedExecutionException e) {
            // The transport is closing; so is this connection.
        }
    }
}
