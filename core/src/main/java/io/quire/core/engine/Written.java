package io.quire.core.engine;

import io.quire.api.result.CommandResult;
import io.quire.core.codec.CodecException;
import io.quire.core.codec.CommandCodec;
import java.nio.ByteBuffer;

/**
 * What the leader wrote for a command: its offset (-1 when nothing was written, the command
 * being refused) and its result. Encoded as the answer to a forwarded write.
 */
record Written(long offset, CommandResult result) {

    byte[] encode(CommandCodec codec) {
        byte[] encoded = codec.encodeResult(result);
        return ByteBuffer.allocate(Long.BYTES + encoded.length).putLong(offset).put(encoded).array();
    }

    static Written decode(byte[] answer, CommandCodec codec) {
        ByteBuffer buffer = ByteBuffer.wrap(answer);
        if (buffer.remaining() < Long.BYTES) {
            throw new CodecException("the leader's answer has " + answer.length + " bytes, fewer than an offset");
        }
        long offset = buffer.getLong();
        byte[] result = new byte[buffer.remaining()];
        buffer.get(result);
        return new Written(offset, codec.decodeResult(result));
    }
}
