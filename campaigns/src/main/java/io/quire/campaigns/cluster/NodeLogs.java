package io.quire.campaigns.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the nodes' logs say, across every start: who led each epoch, and the state each node stopped with. */
public final class NodeLogs {

    /** The seed's and Ratis' leader lines, as docs/runbook.md greps them. */
    private static final Pattern TAKES_WRITES = Pattern.compile(
            "Phase 2: Leader of epoch (\\d+) takes writes|Leadership: epoch (\\d+), leader \\d+, this node \\d+ is the leader");
    private static final Pattern STOPPED = Pattern.compile("Quire node (\\d+) stopped at offset (-?\\d+), digest (\\w+)");

    /** A node's orderly stop: the offset it had applied up to and the digest of its state. */
    public record Stop(int node, long offset, String digest) {}

    private NodeLogs() {}

    /** For each epoch, every node that logged taking writes as its leader. */
    public static Map<Long, Set<Integer>> leadersByEpoch(List<QuireNode> nodes) throws IOException {
        Map<Long, Set<Integer>> leaders = new TreeMap<>();
        for (QuireNode node : nodes) {
            Matcher line = TAKES_WRITES.matcher(read(node));
            while (line.find()) {
                long epoch = Long.parseLong(line.group(1) != null ? line.group(1) : line.group(2));
                leaders.computeIfAbsent(epoch, e -> new TreeSet<>()).add(node.id());
            }
        }
        return leaders;
    }

    /** The epochs in which more than one node took writes as leader: always empty, or the cluster split. */
    public static Map<Long, Set<Integer>> splitEpochs(List<QuireNode> nodes) throws IOException {
        Map<Long, Set<Integer>> split = new TreeMap<>(leadersByEpoch(nodes));
        split.values().removeIf(leaders -> leaders.size() < 2);
        return split;
    }

    /** Each node's last orderly stop in its log. */
    public static List<Stop> lastStops(List<QuireNode> nodes) throws IOException {
        List<Stop> stops = new ArrayList<>();
        for (QuireNode node : nodes) {
            Matcher line = STOPPED.matcher(read(node));
            Stop last = null;
            while (line.find()) {
                last = new Stop(Integer.parseInt(line.group(1)), Long.parseLong(line.group(2)), line.group(3));
            }
            if (last == null) {
                throw new IllegalStateException(node.log() + " holds no orderly stop");
            }
            stops.add(last);
        }
        return stops;
    }

    private static String read(QuireNode node) throws IOException {
        return Files.readString(node.log(), StandardCharsets.ISO_8859_1);
    }
}
