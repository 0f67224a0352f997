package io.quire.kafka.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.quire.kafka.handlers.ApiHandler;
import io.quire.kafka.handlers.ApiHandlers;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.RequestUtils;
import org.apache.kafka.common.requests.ResponseHeader;
import io.quire.spi.log.RateLimitedWarnings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes one connection's requests and executes them one at a time, in the order they arrived,
 * as a Kafka broker does: it stops reading from a connection while a request is in flight. So a
 * pipelined create-then-delete of one topic never runs the delete first, and responses go out in
 * request order, which clients rely on as well as on correlation ids.
 *
 * <p>A request that cannot be parsed, or names an API or version this listener does not serve,
 * closes the connection with a logged reason, as Kafka brokers do; ApiVersions of an unknown
 * version gets the UNSUPPORTED_VERSION answer that lets the client downgrade.
 */
final class KafkaRequestHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(KafkaRequestHandler.class);

    private final ApiHandlers handlers;
    private final RequestMeters meters;
    private final RateLimitedWarnings closings;
    /** Frames received while a request is in flight, oldest first; touched only on the event loop. */
    private final ArrayDeque<ByteBuf> waiting = new ArrayDeque<>();
    /** Whether a request is being executed; touched only on the event loop. */
    private boolean inFlight;
    /**
     * Set once this connection is being closed. Frames the decoder already holds are still
     * delivered after {@code close()}; they are dropped, not executed.
     */
    private boolean closing;

    /** @param closings the listener's warnings of connections it closes, which any client can cause */
    KafkaRequestHandler(ApiHandlers handlers, RequestMeters meters, RateLimitedWarnings closings) {
        this.handlers = handlers;
        this.meters = meters;
        this.closings = closings;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        meters.connectionOpened();
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        if (closing) {
            frame.release();
            return;
        }
        if (inFlight) {
            // Like Kafka's muted channel: read no more until this connection's request is answered.
            ctx.channel().config().setAutoRead(false);
            waiting.addLast(frame);
            return;
        }
        execute(ctx, frame);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        meters.connectionClosed();
        releaseWaiting();
        super.channelInactive(ctx);
    }

    /** Executes one request; its answer is written, and the next waiting request started, once it completes. */
    private void execute(ChannelHandlerContext ctx, ByteBuf frame) {
        long arrived = System.nanoTime();
        CompletableFuture<ByteBuffer> response;
        try {
            ByteBuffer buffer = frame.nioBuffer();
            RequestHeader header;
            try {
                header = RequestHeader.parse(buffer);
            } catch (InvalidRequestException e) {
                closeWithReason(ctx, "unreadable request header: " + e.getMessage());
                return;
            }
            response = dispatch(ctx, header, buffer, arrived);
        } finally {
            frame.release();
        }
        if (response == null) {
            return;
        }
        inFlight = true;
        response.whenCompleteAsync((done, error) -> answered(ctx, done, error), ctx.executor());
    }

    private void answered(ChannelHandlerContext ctx, ByteBuffer response, Throwable error) {
        inFlight = false;
        if (closing) {
            return;
        }
        if (error != null) {
            log.error("Closing Kafka connection from {}: a request failed unexpectedly", ctx.channel().remoteAddress(),
                    error);
            closing = true;
            releaseWaiting();
            ctx.close();
            return;
        }
        ctx.writeAndFlush(Unpooled.wrappedBuffer(response));
        while (!inFlight && !closing && !waiting.isEmpty()) {
            execute(ctx, waiting.pollFirst());
        }
        if (!inFlight && !closing) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** The response to write for this request, or {@code null} when the connection was closed. */
    private CompletableFuture<ByteBuffer> dispatch(ChannelHandlerContext ctx, RequestHeader header, ByteBuffer body,
            long arrived) {
        ApiKeys key = header.apiKey();
        short version = header.apiVersion();
        Optional<ApiHandler> handler = handlers.forKey(key);
        if (handler.isEmpty()) {
            closeWithReason(ctx, "API " + key + " is not served");
            return null;
        }
        if (version < handler.get().oldestVersion() || version > handler.get().latestVersion()) {
            if (key == ApiKeys.API_VERSIONS) {
                ResponseHeader v0Header = new ResponseHeader(header.correlationId(), (short) 0);
                return CompletableFuture.completedFuture(
                        RequestUtils.serialize(v0Header.data(), v0Header.headerVersion(),
                                handlers.unsupportedApiVersionsVersion(), (short) 0));
            }
            closeWithReason(ctx, key + " version " + version + " is not served (served: "
                    + handler.get().oldestVersion() + " to " + handler.get().latestVersion() + ")");
            return null;
        }
        CompletableFuture<ApiMessage> answer;
        try {
            answer = handler.get().handle(header, new ByteBufferAccessor(body));
        } catch (RuntimeException e) {
            closeWithReason(ctx, "malformed " + key + " v" + version + " request: " + e);
            return null;
        }
        ResponseHeader responseHeader = header.toResponseHeader();
        return answer.thenApply(message -> {
            meters.answered(key, version, message, System.nanoTime() - arrived);
            return RequestUtils.serialize(responseHeader.data(), responseHeader.headerVersion(), message, version);
        });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            closeWithReason(ctx, "frame too large (" + cause.getMessage() + "); the limit is kafka.max-frame-bytes");
        } else {
            closeWithReason(ctx, cause.toString());
        }
    }

    private void closeWithReason(ChannelHandlerContext ctx, String reason) {
        closings.warn("Closing Kafka connection from {}: {}", ctx.channel().remoteAddress(), reason);
        closing = true;
        releaseWaiting();
        ctx.close();
    }

    private void releaseWaiting() {
        while (!waiting.isEmpty()) {
            waiting.pollFirst().release();
        }
    }
}
