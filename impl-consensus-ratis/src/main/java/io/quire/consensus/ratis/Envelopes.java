package io.quire.consensus.ratis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * The one-byte headers around what this plugin puts in Raft log entries and in replies: the engine's
 * bytes stay opaque, the header says what they are.
 */
final class Envelopes {

    /** A Raft log entry: a write proposed by a follower, for the leader of the entry's term to execute. */
    static final byte PROPOSAL = 1;

    /** A reply: the engine's answer follows. */
    static final byte ANSWER = 0;
    /** A reply: the proposal was not executed (its term's leader lost leadership first). */
    static final byte NOT_EXECUTED = 1;
    /** A reply: the engine failed; a UTF-8 message follows. */
    static final byte FAILED = 2;

    private Envelopes() {}

    static Message wrap(byte header, byte[] body) {
        byte[] bytes = new byte[body.length + 1];
        bytes[0] = header;
        System.arraycopy(body, 0, bytes, 1, body.length);
        return Message.valueOf(ByteString.copyFrom(bytes));
    }

    static Message failed(Throwable error) {
        return wrap(FAILED, String.valueOf(error.getMessage()).getBytes(StandardCharsets.UTF_8));
    }

    /** The header of {@code content}; -1 when it is empty. */
    static byte header(ByteString content) {
        return content.isEmpty() ? -1 : content.byteAt(0);
    }

    static byte[] body(ByteString content) {
        byte[] bytes = content.toByteArray();
        return Arrays.copyOfRange(bytes, 1, bytes.length);
    }

    static String text(ByteString content) {
        return new String(body(content), StandardCharsets.UTF_8);
    }
}
