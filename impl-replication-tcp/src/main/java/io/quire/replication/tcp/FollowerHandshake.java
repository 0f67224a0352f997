package io.quire.replication.tcp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import io.quire.replication.tcp.Frame.Challenge;
import io.quire.replication.tcp.Frame.Hello;
import io.quire.replication.tcp.Frame.Proof;
import io.quire.replication.tcp.Frame.Refuse;
import io.quire.replication.tcp.Frame.Welcome;
import io.quire.replication.tcp.LeaderConnector.Target;
import io.quire.replication.tcp.PeerAuthenticator.Transcript;
import io.quire.spi.replication.LogPosition;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The follower's side of the handshake: HELLO, then PROOF in answer to the leader's CHALLENGE, then
 * the check of the leader's own proof in WELCOME. Only a leader that proved the secret, with the id
 * and at least the epoch this node expects, gets a {@link FollowerSession}; nothing the leader
 * sends is applied before that. Runs on the channel's event loop.
 */
final class FollowerHandshake extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(FollowerHandshake.class);

    private final LocalNode node;
    private final Target target;
    private final LogPosition position;
    private final Function<Channel, FollowerSession> sessions;
    private ScheduledFuture<?> timeout;
    private byte[] nonce;
    private Transcript transcript;
    private boolean done;

    FollowerHandshake(LocalNode node, Target target, LogPosition position, Function<Channel, FollowerSession> sessions) {
        this.node = node;
        this.target = target;
        this.position = position;
        this.sessions = sessions;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        int millis = node.config().handshakeTimeoutMs();
        timeout = ctx.executor().schedule(
                () -> abandon(ctx, "handshake not completed within " + millis + " ms"), millis, TimeUnit.MILLISECONDS);
        nonce = node.authenticator().nonce();
        ctx.writeAndFlush(new Hello(FrameCodec.PROTOCOL_VERSION, node.clusterId(), node.nodeId(), nonce));
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (done) {
            return;
        }
        if (msg instanceof Refuse refuse) {
            done = true;
            log.warn("Leader {} at {} refused replication: {}", target.leaderId(), ctx.channel().remoteAddress(),
                    refuse.reason());
            ctx.close();
        } else if (transcript == null && msg instanceof Challenge challenge) {
            onChallenge(ctx, challenge);
        } else if (transcript != null && msg instanceof Welcome welcome) {
            onWelcome(ctx, welcome);
        } else {
            abandon(ctx, "unexpected " + ((Frame) msg).name() + " frame during the handshake");
        }
    }

    private void onChallenge(ChannelHandlerContext ctx, Challenge challenge) {
        if (challenge.leaderId() != target.leaderId()) {
            abandon(ctx, "the peer is node " + challenge.leaderId() + ", not the leader " + target.leaderId());
        } else if (challenge.epoch() < target.epoch()) {
            abandon(ctx, "it leads epoch " + challenge.epoch() + ", older than epoch " + target.epoch());
        } else {
            transcript = new Transcript(node.clusterId(), node.nodeId(), nonce, challenge.leaderId(), challenge.epoch(),
                    challenge.nonce());
            byte[] mac = node.authenticator().followerProof(transcript, position, node.broker());
            ctx.writeAndFlush(new Proof(mac, position, node.broker()));
        }
    }

    private void onWelcome(ChannelHandlerContext ctx, Welcome welcome) {
        if (!PeerAuthenticator.matches(node.authenticator().leaderProof(transcript), welcome.mac())) {
            abandon(ctx, "replication peer failed authentication (wrong secret or cluster id)");
            return;
        }
        done = true;
        timeout.cancel(false);
        ctx.pipeline().get(FrameDecoder.class).authenticated(node.config().maxFrameBytes());
        log.info("Following leader {} at {} in epoch {} from (epoch {}, offset {})", target.leaderId(),
                ctx.channel().remoteAddress(), transcript.epoch(), position.lastEpoch(), position.endOffset());
        ctx.pipeline().replace(this, "followerSession", sessions.apply(ctx.channel()));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        abandon(ctx, ProtocolException.describe(cause));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (timeout != null) {
            timeout.cancel(false);
        }
        if (!done) {
            log.info("Connection to leader {} at {} closed during the handshake", target.leaderId(),
                    ctx.channel().remoteAddress());
        }
        ctx.fireChannelInactive();
    }

    private void abandon(ChannelHandlerContext ctx, String reason) {
        if (done) {
            return;
        }
        done = true;
        if (timeout != null) {
            timeout.cancel(false);
        }
        log.warn("Closing replication connection to leader {} at {}: {}", target.leaderId(),
                ctx.channel().remoteAddress(), reason);
        ctx.close();
    }
}
