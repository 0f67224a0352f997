package io.quire.replication.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.quire.replication.tcp.Frame.Ack;
import io.quire.replication.tcp.Frame.SnapshotChunk;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    @Test
    void roundTripsThroughTheEncoderAcrossAnySplit() {
        EmbeddedChannel sender = new EmbeddedChannel(FrameEncoder.INSTANCE);
        sender.writeOutbound(new Ack(1), new Ack(2));
        ByteBuf wire = Unpooled.buffer();
        for (Object chunk; (chunk = sender.readOutbound()) != null; ) {
            ByteBuf bytes = (ByteBuf) chunk;
            wire.writeBytes(bytes);
            bytes.release();
        }

        EmbeddedChannel receiver = new EmbeddedChannel(new FrameDecoder());
        while (wire.isReadable()) {
            receiver.writeInbound(wire.readRetainedSlice(1));
        }
        Object first = receiver.readInbound();
        Object second = receiver.readInbound();
        assertThat(first).isEqualTo(new Ack(1));
        assertThat(second).isEqualTo(new Ack(2));
        wire.release();
    }

    @Test
    void refusesAnOversizedFrameFromItsLengthAlone() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder());
        // The 4-byte prefix is all that arrives: the refusal cannot have waited for (or buffered) the body.
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.buffer().writeInt(FrameCodec.HANDSHAKE_MAX_FRAME_BYTES + 1)))
                .isInstanceOf(DecoderException.class)
                .hasRootCauseMessage("frame length 8193 is not in 1..8192");
    }

    @Test
    void refusesAnEmptyOrNegativeLength() {
        assertThatThrownBy(() -> new EmbeddedChannel(new FrameDecoder()).writeInbound(Unpooled.buffer().writeInt(0)))
                .hasRootCauseMessage("frame length 0 is not in 1..8192");
        assertThatThrownBy(() -> new EmbeddedChannel(new FrameDecoder()).writeInbound(Unpooled.buffer().writeInt(-1)))
                .hasRootCauseMessage("frame length 4294967295 is not in 1..8192");
    }

    @Test
    void takesLargerFramesOnceThePeerIsAuthenticated() {
        FrameDecoder decoder = new FrameDecoder();
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        decoder.authenticated(1 << 20);

        byte[] data = new byte[100_000];
        channel.writeInbound(Unpooled.buffer().writeInt(1 + data.length).writeByte(12).writeBytes(data));
        Object chunk = channel.readInbound();
        assertThat(chunk).isInstanceOf(SnapshotChunk.class);
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.buffer().writeInt((1 << 20) + 1)))
                .hasRootCauseMessage("frame length 1048577 is not in 1..1048576");
    }

    @Test
    void ignoresWhatFollowsAMalformedFrame() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder());
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.buffer().writeInt(1).writeByte(99)))
                .hasRootCauseMessage("unknown frame type 99");
        channel.writeInbound(Unpooled.buffer().writeInt(9).writeByte(8).writeLong(1));
        Object ignored = channel.readInbound();
        assertThat(ignored).isNull();
    }
}
