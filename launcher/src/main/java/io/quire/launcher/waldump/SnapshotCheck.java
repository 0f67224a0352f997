package io.quire.launcher.waldump;

import io.quire.api.metadata.MetadataView;
import io.quire.core.snapshot.SnapshotStore;
import io.quire.spi.statemachine.StateMachine;
import io.quire.spi.statemachine.StateMachineProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads each snapshot of a node back into a fresh state machine of the plugin that wrote it, as a
 * node restores one at start: a snapshot is intact when the state machine accepts it and holds the
 * state its file name promises. The snapshot files are only read.
 */
final class SnapshotCheck {

    private final StateMachineProvider stateMachines;

    SnapshotCheck(StateMachineProvider stateMachines) {
        this.stateMachines = stateMachines;
    }

    /** Every snapshot in {@code dir}, oldest first, checked. */
    List<SnapshotReport> check(Path dir) throws IOException {
        List<SnapshotStore.Snapshot> snapshots = SnapshotStore.storedIn(dir);
        if (snapshots.isEmpty()) {
            return List.of();
        }
        // The contract gives a plugin a directory of its own that it may write; the dump writes
        // nothing of the node's, so each state machine gets one under a temporary directory.
        Path scratch = Files.createTempDirectory("quire-wal-dump-");
        try {
            List<SnapshotReport> reports = new ArrayList<>();
            for (SnapshotStore.Snapshot snapshot : snapshots) {
                reports.add(check(snapshot, Files.createDirectory(scratch.resolve(snapshot.file().getFileName()))));
            }
            return reports;
        } finally {
            deleteTree(scratch);
        }
    }

    private SnapshotReport check(SnapshotStore.Snapshot snapshot, Path scratch) throws IOException {
        long bytes = Files.size(snapshot.file());
        StateMachine state = newStateMachine(scratch);
        try (InputStream in = snapshot.open()) {
            state.restoreSnapshot(in);
        } catch (IOException e) {
            return report(snapshot, bytes, Optional.of(e.getMessage()), Map.of());
        }
        if (state.appliedOffset() + 1 != snapshot.endOffset()) {
            return report(snapshot, bytes, Optional.of("holds the state after offset " + state.appliedOffset()
                    + ", but its name says after offset " + (snapshot.endOffset() - 1)), Map.of());
        }
        return report(snapshot, bytes, Optional.empty(), summary(state));
    }

    private static SnapshotReport report(SnapshotStore.Snapshot snapshot, long bytes, Optional<String> problem,
            Map<String, Object> summary) {
        return new SnapshotReport(snapshot.endOffset(), snapshot.epoch(), bytes, snapshot.file(), problem, summary);
    }

    private static Map<String, Object> summary(StateMachine state) {
        MetadataView view = state.view();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("brokers", view.brokers().size());
        summary.put("topics", view.topics().size());
        summary.put("partitions", view.topics().stream().mapToInt(topic -> topic.partitions().size()).sum());
        summary.put("digest", state.digest());
        return summary;
    }

    /** A state machine with its default settings, over {@code scratch}. */
    private StateMachine newStateMachine(Path scratch) throws IOException {
        return stateMachines.create(new DefaultsContext(scratch));
    }

    private static void deleteTree(Path dir) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path path : paths) {
            Files.delete(path);
        }
    }
}
