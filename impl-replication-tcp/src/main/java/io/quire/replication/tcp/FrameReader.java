package io.quire.replication.tcp;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the fields of one frame, checking each against what is left of the frame and against its
 * range before using it, so that no length a peer claims is ever trusted.
 */
final class FrameReader {

    private final ByteBuf in;
    private final String frame;

    FrameReader(ByteBuf in, String frame) {
        this.in = in;
        this.frame = frame;
    }

    long int64(String field, long min) throws ProtocolException {
        need(field, Long.BYTES);
        long value = in.readLong();
        if (value < min) {
            throw invalid(field, value + " is below " + min);
        }
        return value;
    }

    int int32(String field) throws ProtocolException {
        need(field, Integer.BYTES);
        return in.readInt();
    }

    int int32(String field, int min) throws ProtocolException {
        int value = int32(field);
        if (value < min) {
            throw invalid(field, value + " is below " + min);
        }
        return value;
    }

    int uint16(String field) throws ProtocolException {
        need(field, Short.BYTES);
        return in.readUnsignedShort();
    }

    boolean flag(String field) throws ProtocolException {
        need(field, 1);
        byte value = in.readByte();
        if (value != 0 && value != 1) {
            throw invalid(field, "flag " + value + " is neither 0 nor 1");
        }
        return value == 1;
    }

    /** Exactly {@code length} bytes. */
    byte[] fixed(String field, int length) throws ProtocolException {
        need(field, length);
        byte[] bytes = new byte[length];
        in.readBytes(bytes);
        return bytes;
    }

    /** A length-prefixed byte array; the length is checked against the rest of the frame first. */
    byte[] bytes(String field) throws ProtocolException {
        int length = int32(field + " length", 0);
        return fixed(field, length);
    }

    /** Every byte left in the frame, at least one. */
    byte[] rest(String field) throws ProtocolException {
        if (!in.isReadable()) {
            throw invalid(field, "it is empty");
        }
        return fixed(field, in.readableBytes());
    }

    /**
     * Non-empty text: an unsigned 16-bit length, at most {@code maxBytes}, then strict UTF-8
     * without control characters.
     */
    String text(String field, int maxBytes) throws ProtocolException {
        int length = uint16(field + " length");
        if (length == 0 || length > maxBytes) {
            throw invalid(field, "length " + length + " is not in 1.." + maxBytes);
        }
        need(field, length);
        ByteBuffer bytes = in.nioBuffer(in.readerIndex(), length);
        in.skipBytes(length);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw invalid(field, "it is not valid UTF-8");
        }
        // Peers' text ends up in log lines: no line breaks or escape sequences from strangers.
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw invalid(field, "it contains control characters");
        }
        return text;
    }

    int remaining() {
        return in.readableBytes();
    }

    /** Checks that the frame held nothing beyond its fields. */
    void end() throws ProtocolException {
        if (in.isReadable()) {
            throw new ProtocolException(frame + " frame has " + in.readableBytes() + " unexpected trailing bytes");
        }
    }

    private void need(String field, int bytes) throws ProtocolException {
        if (in.readableBytes() < bytes) {
            throw new ProtocolException(frame + " frame is truncated: " + field + " needs " + bytes + " bytes, "
                    + in.readableBytes() + " left");
        }
    }

    ProtocolException invalid(String field, String why) {
        return new ProtocolException(frame + " frame has an invalid " + field + ": " + why);
    }
}
