package io.quire.campaigns.process;

import io.quire.campaigns.cluster.NodeLogs;
import io.quire.campaigns.history.Operation;
import io.quire.campaigns.history.Outcome;
import io.quire.campaigns.history.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What one process-fault campaign found, and whether it passed: never a split epoch, a phantom or
 * an unrequested value, one digest on every node, and no acknowledged change lost under quorum acks.
 */
public record FaultFigures(ProcessFaultCampaign.Setup setup, int leaderFaults, List<Operation> operations,
        List<Violation> violations, Duration converged, List<NodeLogs.Stop> stops,
        Map<Long, Set<Integer>> splitEpochs, Duration took) {

    public long count(Outcome outcome) {
        return operations.stream().filter(op -> op.outcome() == outcome).count();
    }

    public long losses() {
        return violations.stream().filter(v -> v.type().isLoss()).count();
    }

    /** Whether every node stopped at the same offset with the same digest. */
    public boolean oneDigest() {
        return stops.stream().map(s -> s.offset() + "/" + s.digest()).distinct().count() == 1;
    }

    /** Why the run failed; empty when it passed. */
    public List<String> failures() {
        List<String> failures = new ArrayList<>();
        violations.stream().filter(v -> !v.type().isLoss()).forEach(v -> failures.add(v.toString()));
        if (setup.acks().equals("quorum")) {
            violations.stream().filter(v -> v.type().isLoss()).forEach(v -> failures.add(v.toString()));
        }
        if (!oneDigest()) {
            failures.add("the nodes stopped with different states: " + stops);
        }
        splitEpochs.forEach((epoch, leaders) -> failures.add("epoch " + epoch + " had leaders " + leaders));
        return failures;
    }

    /** A row of the figures table ({@link #HEADER}). */
    public String row() {
        return String.format(Locale.ROOT, "| %s | %d | %d (%d leader) | %,d | %,d | %,d | %d | %d | %.1f | %s | %d | %.0f | %s |",
                setup.name(), setup.seed(), setup.rounds(), leaderFaults, count(Outcome.ACKNOWLEDGED),
                count(Outcome.UNKNOWN), count(Outcome.FAILED), losses(), violations.size() - losses(),
                converged.toMillis() / 1000.0, oneDigest() ? "yes" : "no", splitEpochs.size(), took.toSeconds() * 1.0,
                failures().isEmpty() ? "pass" : "FAIL");
    }

    public static final String HEADER = "| campaign | seed | faults | acknowledged | unknown | refused | acknowledged lost"
            + " | phantom or unrequested | converged s | one digest | split epochs | run s | result |\n"
            + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|";
}
