package io.quire.launcher.waldump;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The dump for people, one line per record or snapshot, as {@code key=value} pairs that grep and
 * awk can pick out: {@code offset=2 epoch=1 bytes=85 crc=ok CreateTopic name=orders id=... partitions=3 ...}.
 */
final class TextOutput implements DumpOutput {

    private final PrintWriter out;

    TextOutput(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void walStart(String plugin, Path dir) {
        out.println("WAL of plugin " + plugin + " in " + dir + ":");
    }

    @Override
    public void record(DumpedRecord record) {
        StringBuilder line = new StringBuilder()
                .append("offset=").append(record.offset())
                .append(" epoch=").append(record.epoch())
                .append(" bytes=").append(record.bytes())
                .append(" crc=").append(record.checksumMatches() ? "ok" : "mismatch")
                .append(' ');
        if (record.payload() instanceof CommandFields command) {
            line.append(command.type());
            command.fields().forEach((name, value) -> line.append(' ').append(name).append('=').append(format(value)));
        } else {
            line.append("undecodable: ").append(((DecodedPayload.Undecodable) record.payload()).reason());
        }
        out.println(line);
    }

    @Override
    public void damage(long offset, String location, String problem) {
        out.println("DAMAGE at offset=" + offset + " (" + location + "): " + problem);
    }

    @Override
    public void walEnd(WalSummary summary) {
        StringBuilder line = new StringBuilder().append(summary.records()).append(" record(s)");
        if (summary.firstOffset().isPresent()) {
            line.append(", offsets ").append(summary.firstOffset().getAsLong()).append(" to ")
                    .append(summary.lastOffset().getAsLong());
        }
        if (summary.mismatches() > 0) {
            line.append(", ").append(summary.mismatches()).append(" with a CRC mismatch");
        }
        if (summary.undecodable() > 0) {
            line.append(", ").append(summary.undecodable()).append(" undecodable");
        }
        if (summary.cutAt().isPresent()) {
            line.append("; ").append(summary.damages()).append(" damage(s): a node opening this WAL cuts it at offset ")
                    .append(summary.cutAt().getAsLong());
        } else if (summary.intact()) {
            line.append("; intact");
        }
        out.println(line);
    }

    @Override
    public void snapshots(Path dir, List<SnapshotReport> snapshots) {
        out.println("Snapshots in " + dir + ": " + (snapshots.isEmpty() ? "none" : snapshots.size()));
        for (SnapshotReport snapshot : snapshots) {
            StringBuilder line = new StringBuilder()
                    .append("snapshot endOffset=").append(snapshot.endOffset())
                    .append(" epoch=").append(snapshot.epoch())
                    .append(" bytes=").append(snapshot.bytes())
                    .append(" intact=").append(snapshot.intact() ? "yes" : "no");
            snapshot.summary().forEach((name, value) -> line.append(' ').append(name).append('=').append(value));
            snapshot.problem().ifPresent(problem -> line.append(": ").append(problem));
            out.println(line);
        }
    }

    /** Lists as {@code [a,b]}, maps as {@code {k=v,k2=v2}}, without spaces, so that a field stays one word. */
    private static String format(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(TextOutput::format).collect(Collectors.joining(",", "[", "]"));
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(entry -> entry.getKey() + "=" + format(entry.getValue()))
                    .collect(Collectors.joining(",", "{", "}"));
        }
        return String.valueOf(value);
    }
}
