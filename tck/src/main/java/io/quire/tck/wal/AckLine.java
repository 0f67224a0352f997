package io.quire.tck.wal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of the crash rule's protocol: the child prints {@code ACK <offset> <epoch> <sha256>}
 * after an append completed, and the parent parses it. Anything else on the child's stdout (a
 * plugin's log lines, a line cut short by the kill) is not an acknowledgement and is ignored.
 *
 * @param offset the offset the append completed with
 * @param epoch the epoch the record was appended with
 * @param digest the SHA-256 of the payload, in hex
 */
record AckLine(long offset, long epoch, String digest) {

    private static final Pattern FORMAT = Pattern.compile("ACK (\\d+) (\\d+) ([0-9a-f]{64})");

    static AckLine of(long offset, long epoch, byte[] payload) {
        return new AckLine(offset, epoch, Payloads.digest(payload));
    }

    static Optional<AckLine> parse(String line) {
        Matcher matcher = FORMAT.matcher(line);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new AckLine(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)),
                matcher.group(3)));
    }

    @Override
    public String toString() {
        return "ACK " + offset + " " + epoch + " " + digest;
    }
}
