package io.quire.launcher.waldump;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dump for scripts: one JSON object per line, told apart by {@code "kind"}: {@code "record"},
 * {@code "damage"}, {@code "wal"} (the summary, after the records) and {@code "snapshot"}.
 */
final class JsonOutput implements DumpOutput {

    private final ObjectMapper json = new ObjectMapper();
    private final PrintWriter out;

    JsonOutput(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void walStart(String plugin, Path dir) {
        // The summary line names the plugin and the directory.
    }

    @Override
    public void record(DumpedRecord record) {
        Map<String, Object> line = line("record");
        line.put("offset", record.offset());
        line.put("epoch", record.epoch());
        line.put("bytes", record.bytes());
        line.put("crc", record.checksumMatches() ? "ok" : "mismatch");
        if (record.payload() instanceof CommandFields command) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("type", command.type());
            fields.putAll(command.fields());
            line.put("command", fields);
        } else {
            line.put("undecodable", ((DecodedPayload.Undecodable) record.payload()).reason());
        }
        print(line);
    }

    @Override
    public void damage(long offset, String location, String problem) {
        Map<String, Object> line = line("damage");
        line.put("offset", offset);
        line.put("location", location);
        line.put("problem", problem);
        print(line);
    }

    @Override
    public void walEnd(WalSummary summary) {
        Map<String, Object> line = line("wal");
        line.put("plugin", summary.plugin());
        line.put("dir", summary.dir().toString());
        line.put("records", summary.records());
        summary.firstOffset().ifPresent(offset -> line.put("firstOffset", offset));
        summary.lastOffset().ifPresent(offset -> line.put("lastOffset", offset));
        line.put("mismatches", summary.mismatches());
        line.put("undecodable", summary.undecodable());
        line.put("damages", summary.damages());
        summary.cutAt().ifPresent(offset -> line.put("cutAt", offset));
        line.put("intact", summary.intact());
        print(line);
    }

    @Override
    public void snapshots(Path dir, List<SnapshotReport> snapshots) {
        for (SnapshotReport snapshot : snapshots) {
            Map<String, Object> line = line("snapshot");
            line.put("endOffset", snapshot.endOffset());
            line.put("epoch", snapshot.epoch());
            line.put("bytes", snapshot.bytes());
            line.put("file", snapshot.file().toString());
            line.put("intact", snapshot.intact());
            snapshot.problem().ifPresent(problem -> line.put("problem", problem));
            if (snapshot.intact()) {
                line.put("summary", snapshot.summary());
            }
            print(line);
        }
    }

    private static Map<String, Object> line(String kind) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("kind", kind);
        return line;
    }

    private void print(Map<String, Object> line) {
        try {
            out.println(json.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            // Maps of strings, numbers, lists and maps always serialize.
            throw new UncheckedIOException(e);
        }
    }
}
