package io.quire.launcher.waldump;

import io.quire.core.codec.CommandCodec;

/** What a record's payload decodes to: a command's fields, or why it does not decode. */
sealed interface DecodedPayload permits CommandFields, DecodedPayload.Undecodable {

    /** A payload this version of the codec cannot read (or garbage, under a checksum mismatch). */
    record Undecodable(String reason) implements DecodedPayload {}

    static DecodedPayload decode(CommandCodec codec, byte[] payload) {
        try {
            return CommandFields.of(codec.decode(payload));
        } catch (RuntimeException e) {
            // The codec reports what it cannot read as a CodecException; the bytes of a record whose
            // checksum failed may trip anything, and a dump never stops at one record's bytes.
            return new Undecodable(e.getMessage());
        }
    }
}
