package io.quire.replication.tcp;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import io.quire.replication.tcp.Frame.Challenge;
import io.quire.replication.tcp.Frame.Hello;
import io.quire.replication.tcp.Frame.Proof;
import io.quire.replication.tcp.Frame.Refuse;
import io.quire.replication.tcp.Frame.Welcome;
import io.quire.replication.tcp.PeerAuthenticator.Transcript;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import io.quire.spi.log.RateLimitedWarnings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener's side of the handshake on one accepted connection: HELLO -> CHALLENGE, then
 * PROOF -> WELCOME. Only a peer that proved the secret, in this cluster, with a peer id other than
 * this node's, reaches a {@link LeaderSession}; anything else gets REFUSE with the reason, a WARN
 * line, and a closed connection, and nothing it sent is used. Runs on the channel's event loop.
 */
final class LeaderHandshake extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(LeaderHandshake.class);

    private final LocalNode node;
    /** This node's current term as leader, or {@code null} while it does not lead. */
    private final Supplier<LeaderRole> leading;
    private final RateLimitedWarnings refusals;
    private ScheduledFuture<?> timeout;
    private Hello hello;
    private LeaderRole term;
    private byte[] leaderNonce;
    private boolean done;

    /** @param refusals the listener's warnings of connections refused, which any stranger can cause */
    LeaderHandshake(LocalNode node, Supplier<LeaderRole> leading, RateLimitedWarnings refusals) {
        this.refusals = refusals;
        this.node = node;
        this.leading = leading;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        int millis = node.config().handshakeTimeoutMs();
        timeout = ctx.executor().schedule(
                () -> refuse(ctx, "handshake not completed within " + millis + " ms"), millis, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (done) {
            return;
        }
        if (hello == null && msg instanceof Hello first) {
            onHello(ctx, first);
        } else if (term != null && msg instanceof Proof proof) {
            onProof(ctx, proof);
        } else {
            refuse(ctx, "unexpected " + ((Frame) msg).name() + " frame during the handshake");
        }
    }

    private void onHello(ChannelHandlerContext ctx, Hello first) {
        hello = first;
        if (!node.clusterId().equals(first.clusterId())) {
            refuse(ctx, "wrong cluster id '" + first.clusterId() + "' (this node is in cluster '" + node.clusterId()
                    + "')");
        } else if (first.followerId() == node.nodeId()) {
            refuse(ctx, "the peer claims this node's own id " + node.nodeId());
        } else if (!node.peers().contains(first.followerId())) {
            refuse(ctx, "node " + first.followerId() + " is not among the replication peers " + node.peers().ids());
        } else {
            LeaderRole current = leading.get();
            if (current == null) {
                // Normal around an election: the follower retries until it finds the leader.
                finish(ctx, "node " + node.nodeId() + " is not the leader");
                log.info("Refused replication connection from {} (node {}): this node is not the leader",
                        ctx.channel().remoteAddress(), first.followerId());
                return;
            }
            term = current;
            leaderNonce = node.authenticator().nonce();
            ctx.writeAndFlush(new Challenge(node.nodeId(), term.epoch(), leaderNonce));
        }
    }

    private void onProof(ChannelHandlerContext ctx, Proof proof) {
        Transcript transcript = new Transcript(node.clusterId(), hello.followerId(), hello.nonce(), node.nodeId(),
                term.epoch(), leaderNonce);
        byte[] expected = node.authenticator().followerProof(transcript, proof.position(), proof.broker());
        if (!PeerAuthenticator.matches(expected, proof.mac())) {
            refuse(ctx, "authentication failed (wrong secret or cluster id)");
            return;
        }
        if (proof.broker().id() != hello.followerId()) {
            refuse(ctx, "node " + hello.followerId() + " states itself as broker " + proof.broker().id());
            return;
        }
        LeaderRole current = leading.get();
        LeaderSession session = current == term ? term.open(ctx.channel(), hello.followerId(), proof.position(),
                proof.broker()) : null;
        if (session == null) {
            finish(ctx, "node " + node.nodeId() + " no longer leads epoch " + term.epoch());
            return;
        }
        done = true;
        timeout.cancel(false);
        ctx.writeAndFlush(new Welcome(node.authenticator().leaderProof(transcript)));
        ctx.pipeline().get(FrameDecoder.class).authenticated(node.config().maxFrameBytes());
        ctx.pipeline().replace(this, "leaderSession", session);
        session.start();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        refuse(ctx, ProtocolException.describe(cause));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (timeout != null) {
            timeout.cancel(false);
        }
        if (!done) {
            log.debug("Replication connection from {} closed during the handshake", ctx.channel().remoteAddress());
        }
        ctx.fireChannelInactive();
    }

    private void refuse(ChannelHandlerContext ctx, String reason) {
        if (done) {
            return;
        }
        refusals.warn("Refused replication connection from {}: {}", ctx.channel().remoteAddress(), reason);
        finish(ctx, reason);
    }

    /** Tells the peer why, then closes; the handshake is over either way. */
    private void finish(ChannelHandlerContext ctx, String reason) {
        done = true;
        if (timeout != null) {
            timeout.cancel(false);
        }
        ctx.writeAndFlush(new Refuse(reason)).addListener(ChannelFutureListener.CLOSE);
    }
}
