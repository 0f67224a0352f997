package io.quire.kafka.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.quire.core.engine.MetadataEngine;
import io.quire.core.topics.TopicService;
import io.quire.kafka.handlers.ApiHandlers;
import io.quire.spi.log.RateLimitedWarnings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Kafka protocol listener of one node. */
public final class KafkaListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaListener.class);

    private final KafkaListenerConfig config;
    private final ApiHandlers handlers;
    private final RequestMeters meters;
    /** One for all of this listener's connections: a flood of bad ones logs a few lines, not one each. */
    private final RateLimitedWarnings closings = new RateLimitedWarnings(LoggerFactory.getLogger(KafkaRequestHandler.class));
    private EventLoopGroup acceptors;
    private EventLoopGroup workers;
    private Channel serverChannel;

    /** @param meters where the listener's request meters are registered */
    public KafkaListener(KafkaListenerConfig config, MetadataEngine engine, TopicService topics, MeterRegistry meters) {
        this.config = config;
        this.handlers = new ApiHandlers(engine, topics, config.clusterId(), config.autoCreateTopics());
        this.meters = new RequestMeters(meters);
    }

    /** Binds the listener; returns once it accepts connections. */
    public synchronized void start() throws IOException {
        acceptors = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("quire-kafka-accept"),
                NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("quire-kafka-io"),
                NioIoHandler.newFactory());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptors, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new KafkaConnectionInitializer(config.maxFrameBytes(), handlers, meters, closings));
        try {
            serverChannel = bootstrap.bind(config.host(), config.port()).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IOException("interrupted while binding the Kafka listener", e);
        } catch (RuntimeException e) {
            close();
            throw new IOException("cannot bind the Kafka listener to " + config.host() + ":" + config.port()
                    + ": " + e.getMessage(), e);
        }
        log.info("Kafka listener bound to {}", serverChannel.localAddress());
    }

    /** The port bound, useful when the config asked for port 0. */
    public synchronized int port() {
        if (serverChannel == null) {
            throw new IllegalStateException("the Kafka listener is not started");
        }
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public synchronized void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
            serverChannel = null;
        }
        if (acceptors != null) {
            acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            acceptors = null;
            workers = null;
        }
    }
}
