package io.quire.tck.wal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognisable payloads: an ASCII header naming the writer, its sequence number and the payload's
 * length, then filler derived from the writer and sequence number. Any payload read back can be checked on its own ({@link #isGenuine}), so a
 * rule catches a record that was never written, even when it cannot know which records to expect
 * (after a crash or a corrupted tail). The filler is pseudo-random so that a plugin that compresses
 * cannot make a full disk look larger than it is.
 */
final class Payloads {

    private static final Pattern HEADER = Pattern.compile("^quire-tck w=(\\d{1,9}) s=(\\d{1,9}) n=(\\d{1,10}) \\|");

    /** The longest header: beyond it, a payload is filler only. */
    private static final int MAX_HEADER_BYTES = header(999_999_999, 999_999_999, Integer.MAX_VALUE).length;

    private Payloads() {}

    /** The payload of record {@code seq} of {@code writer}, of a size between 64 and 575 bytes. */
    static byte[] of(int writer, int seq) {
        return of(writer, seq, 64 + Math.floorMod(writer * 131 + seq * 37, 512));
    }

    /** The payload of record {@code seq} of {@code writer}, of exactly {@code size} bytes. */
    static byte[] of(int writer, int seq, int size) {
        byte[] header = header(writer, seq, size);
        if (size < header.length) {
            throw new IllegalArgumentException("a recognisable payload needs at least " + header.length + " bytes");
        }
        byte[] payload = new byte[size];
        System.arraycopy(header, 0, payload, 0, header.length);
        byte[] filler = new byte[size - header.length];
        new SplittableRandom(writer * 1_000_003L + seq).nextBytes(filler);
        System.arraycopy(filler, 0, payload, header.length, filler.length);
        return payload;
    }

    /** The writer and sequence number a payload claims, or empty when it has no header. */
    static Optional<String> idOf(byte[] payload) {
        Matcher header = header(payload);
        return header.find() ? Optional.of("w=" + header.group(1) + " s=" + header.group(2)) : Optional.empty();
    }

    /**
     * Whether {@code payload} is, byte for byte, one that {@link #of(int, int, int)} produces; the
     * length in the header catches a payload cut short, whose bytes would otherwise all match.
     */
    static boolean isGenuine(byte[] payload) {
        Matcher header = header(payload);
        return header.find()
                && header.group(3).equals(Integer.toString(payload.length))
                && Arrays.equals(payload,
                        of(Integer.parseInt(header.group(1)), Integer.parseInt(header.group(2)), payload.length));
    }

    /** The SHA-256 of a payload in hex: how the crash rule's child reports what it appended. */
    static String digest(byte[] payload) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    private static byte[] header(int writer, int seq, int size) {
        return ("quire-tck w=" + writer + " s=" + seq + " n=" + size + " |").getBytes(StandardCharsets.US_ASCII);
    }

    private static Matcher header(byte[] payload) {
        // The header is ASCII and short; decoding a bounded prefix keeps a 1 MiB payload cheap to check.
        int prefix = Math.min(payload.length, MAX_HEADER_BYTES);
        return HEADER.matcher(new String(payload, 0, prefix, StandardCharsets.ISO_8859_1));
    }
}
