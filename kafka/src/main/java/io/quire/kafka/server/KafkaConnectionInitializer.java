package io.quire.kafka.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.quire.kafka.handlers.ApiHandlers;
import io.quire.spi.log.RateLimitedWarnings;

/**
 * The pipeline of one Kafka connection: size-prefixed frames in, size-prefixed frames out, and the
 * requests between them executed in order. The listener's sockets and the tests' embedded channels
 * get the same handlers from here.
 */
final class KafkaConnectionInitializer extends ChannelInitializer<Channel> {

    private static final int LENGTH_FIELD_BYTES = 4;

    private final int maxFrameBytes;
    private final ApiHandlers handlers;
    private final RequestMeters meters;
    private final RateLimitedWarnings closings;

    /**
     * @param maxFrameBytes the largest request accepted, its length field not counted
     * @param closings the listener's warnings of connections it closes, shared by all of them
     */
    KafkaConnectionInitializer(int maxFrameBytes, ApiHandlers handlers, RequestMeters meters,
            RateLimitedWarnings closings) {
        this.maxFrameBytes = maxFrameBytes;
        this.handlers = handlers;
        this.meters = meters;
        this.closings = closings;
    }

    @Override
    protected void initChannel(Channel channel) {
        channel.pipeline()
                // Netty's limit counts the length field too; ours, like Kafka's
                // socket.request.max.bytes, bounds the request that follows it.
                .addLast("frameDecoder", new LengthFieldBasedFrameDecoder(
                        maxFrameBytes + LENGTH_FIELD_BYTES, 0, LENGTH_FIELD_BYTES, 0, LENGTH_FIELD_BYTES))
                .addLast("frameEncoder", new LengthFieldPrepender(LENGTH_FIELD_BYTES))
                .addLast("requestHandler", new KafkaRequestHandler(handlers, meters, closings));
    }
}
