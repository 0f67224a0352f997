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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes one connection's requests, dispatches them and writes the responses in request order,
 * since clients pipeline requests and match responses by order as well as by correlation id.
 *
 * <p>A request that cannot be parsed, or names an API or version this listener does not serve,
 * closes the connection with a logged reason, as Kafka brokers do; ApiVersions of an unknown
 * version gets the UNSUPPORTED_VERSION answer that lets the client downgrade.
 */
final class KafkaRequestHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(KafkaRequestHandler.class);

    private final ApiHandlers handlers;
    /** Responses not yet written, oldest first; touched only on the channel's event loop. */
    private final ArrayDeque<CompletableFuture<ByteBuffer>> pending = new ArrayDeque<>();
    /**
     * Set once this connection is being closed. Frames the decoder already holds are still
     * delivered after {@code close()}; they are dropped, not executed.
     */
    private boolean closing;

    KafkaRequestHandler(ApiHandlers handlers) {
        this.handlers = handlers;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        try {
            if (closing) {
                return;
            }
            ByteBuffer buffer = frame.nioBuffer();
            RequestHeader header;
            try {
                header = RequestHeader.parse(buffer);
            } catch (InvalidRequestException e) {
                closeWithReason(ctx, "unreadable request header: " + e.getMessage());
                return;
            }
            CompletableFuture<ByteBuffer> response = dispatch(ctx, header, buffer);
            if (response == null) {
                return;
            }
            pending.addLast(response);
            response.whenCompleteAsync((done, error) -> writeCompleted(ctx), ctx.executor());
        } finally {
            frame.release();
        }
    }

    /** The response to write for this request, or {@code null} when the connection was closed. */
    private CompletableFuture<ByteBuffer> dispatch(ChannelHandlerContext ctx, RequestHeader header, ByteBuffer body) {
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
        return answer.thenApply(message ->
                RequestUtils.serialize(responseHeader.data(), responseHeader.headerVersion(), message, version));
    }

    private void writeCompleted(ChannelHandlerContext ctx) {
        boolean wrote = false;
        while (!pending.isEmpty() && pending.peekFirst().isDone()) {
            CompletableFuture<ByteBuffer> next = pending.pollFirst();
            if (next.isCompletedExceptionally()) {
                Throwable error = next.handle((ok, e) -> e).join();
                log.error("Closing Kafka connection from {}: a request failed unexpectedly", ctx.channel().remoteAddress(),
                        error);
                closing = true;
                pending.clear();
                ctx.close();
                return;
            }
            ctx.write(Unpooled.wrappedBuffer(next.join()));
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
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
        log.warn("Closing Kafka connection from {}: {}", ctx.channel().remoteAddress(), reason);
        closing = true;
        pending.clear();
        ctx.close();
    }
}
