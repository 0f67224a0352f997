package io.quire.replication.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits a connection's bytes into frames (a 4-byte big-endian length, then that many bytes) and
 * decodes each into a {@link Frame}. The length is checked against the limit before anything is
 * buffered for it: {@link FrameCodec#HANDSHAKE_MAX_FRAME_BYTES} until the peer is authenticated,
 * so that a stranger cannot make a node hold megabytes, then {@code max-frame-bytes}.
 * (Netty's LengthFieldBasedFrameDecoder does the same check, but its limit cannot be raised once
 * the handshake is over.)
 */
final class FrameDecoder extends ByteToMessageDecoder {

    static final int LENGTH_BYTES = Integer.BYTES;

    private int maxFrameBytes = FrameCodec.HANDSHAKE_MAX_FRAME_BYTES;
    private boolean failed;

    /** Raises the limit once the peer is authenticated; called on the channel's event loop. */
    void authenticated(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws ProtocolException {
        if (failed) {
            // The connection is closing; whatever else arrives is not looked at.
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < LENGTH_BYTES) {
            return;
        }
        int length = in.getInt(in.readerIndex());
        if (length < 1 || length > maxFrameBytes) {
            failed = true;
            throw new ProtocolException("frame length " + Integer.toUnsignedString(length) + " is not in 1.."
                    + maxFrameBytes);
        }
        if (in.readableBytes() < LENGTH_BYTES + length) {
            return;
        }
        in.skipBytes(LENGTH_BYTES);
        ByteBuf body = in.readSlice(length);
        try {
            out.add(FrameCodec.decode(body));
        } catch (ProtocolException e) {
            failed = true;
            throw e;
        }
    }
}
