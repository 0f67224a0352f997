package io.quire.replication.tcp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.quire.spi.log.RateLimitedWarnings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * The replication listener every node runs. Each accepted connection starts with the leader's side
 * of the handshake; a node that does not lead refuses there, with the reason.
 */
final class ReplicationListener {

    /**
     * A follower's socket stops taking frames above this many queued bytes (and takes them again
     * below the low mark): with the in-flight window, this bounds what a slow follower costs the
     * leader's heap.
     */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(1 << 20, 4 << 20);

    private ReplicationListener() {}

    /** Binds the listener; returns its channel once it accepts connections. */
    static Channel bind(LocalNode node, EventLoopGroup acceptors, EventLoopGroup workers,
            Supplier<LeaderRole> leading) throws IOException {
        TcpReplicationConfig config = node.config();
        // One for every connection this listener accepts: a flood of strangers logs a few lines, not one each.
        RateLimitedWarnings refusals = new RateLimitedWarnings(LoggerFactory.getLogger(LeaderHandshake.class));
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptors, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline()
                                .addLast("frameDecoder", new FrameDecoder())
                                .addLast("frameEncoder", FrameEncoder.INSTANCE)
                                .addLast("leaderHandshake", new LeaderHandshake(node, leading, refusals));
                    }
                });
        try {
            return bootstrap.bind(config.host(), config.port()).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding the replication listener", e);
        } catch (Exception e) {
            // sync() rethrows the bind's cause as is, checked or not (a BindException, typically).
            throw new IOException("cannot bind the replication listener to " + config.host() + ":" + config.port()
                    + ": " + e.getMessage(), e);
        }
    }

    /** The port a listener bound, useful when the config asked for port 0. */
    static int port(Channel listener) {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }
}
