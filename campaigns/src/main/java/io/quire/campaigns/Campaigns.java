package io.quire.campaigns;

import io.quire.campaigns.hostile.HostileFigures;
import io.quire.campaigns.hostile.HostileInputCampaign;
import io.quire.campaigns.load.ManyClientsCampaign;
import io.quire.campaigns.process.FaultFigures;
import io.quire.campaigns.process.ProcessFault;
import io.quire.campaigns.process.ProcessFaultCampaign;
import io.quire.campaigns.process.ProcessFaultCampaign.Setup;
import io.quire.campaigns.soak.SoakCampaign;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Runs the reliability campaigns and prints their figures; exits 1 when a check fails.
 *
 * <pre>Campaigns [--quick] [--seed N] [--home DIR] [--work DIR] [--only TEXT]... [crash|pause|hostile|load|soak]...</pre>
 *
 * <p>{@code --home} is the Quire checkout whose {@code bin/quire} starts the nodes (default: the
 * working directory); {@code --work} holds each run's data and logs (default
 * {@code campaigns/target/runs}). Each configuration's seed is {@code --seed} plus its place in
 * the run (a random seed when none is given), printed, and given back with {@code --seed} replays
 * the same fault schedule and client choices. {@code --only} keeps the crash and pause
 * configurations whose name (as printed, for example {@code "crash, metadata.acks=leader, tcp"})
 * contains one of the texts given.
 */
public final class Campaigns {

    private static final List<String> KNOWN = List.of("crash", "pause", "hostile", "load", "soak");

    private Campaigns() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(args) ? 0 : 1);
    }

    /** Runs what {@code args} select; true when every check passed. */
    public static boolean run(String... args) throws Exception {
        boolean quick = false;
        long seed = System.nanoTime() & 0xffff_ffffL;
        Path home = Path.of("").toAbsolutePath();
        Path work = null;
        List<String> selected = new ArrayList<>();
        List<String> only = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--seed" -> seed = Long.parseLong(value(args, ++i, "--seed"));
                case "--home" -> home = Path.of(value(args, ++i, "--home")).toAbsolutePath();
                case "--work" -> work = Path.of(value(args, ++i, "--work")).toAbsolutePath();
                case "--only" -> only.add(value(args, ++i, "--only"));
                default -> {
                    if (!KNOWN.contains(args[i])) {
                        throw new IllegalArgumentException("unknown campaign or option " + args[i] + "; campaigns: "
                                + KNOWN);
                    }
                    selected.add(args[i]);
                }
            }
        }
        if (!Files.isExecutable(home.resolve("bin/quire"))) {
            throw new IllegalArgumentException(home + " holds no bin/quire: give the checkout with --home");
        }
        if (work == null) {
            work = home.resolve("campaigns/target/runs");
        }
        if (selected.isEmpty()) {
            selected.addAll(KNOWN);
        }
        System.out.printf("Campaigns %s%s, seed %d%n%n", String.join(" ", selected), quick ? " (quick)" : "", seed);
        List<Setup> setups = new ArrayList<>();
        if (selected.contains("crash")) {
            setups.addAll(crashes(quick, seed));
        }
        if (selected.contains("pause")) {
            setups.addAll(pauses(quick, seed + setups.size()));
        }
        if (!only.isEmpty()) {
            setups.removeIf(setup -> only.stream().noneMatch(text -> setup.name().contains(text)));
        }
        boolean passed = setups.isEmpty() || runAll(home, work, setups);
        if (selected.contains("hostile")) {
            passed &= hostile(home, work, quick, seed + setups.size());
        }
        if (selected.contains("load")) {
            passed &= load(home, work, quick, seed + setups.size() + 1);
        }
        if (selected.contains("soak")) {
            passed &= soak(home, work, quick, seed + setups.size() + 2);
        }
        return passed;
    }

    /** 30 minutes; quick: 20 s, which shows the sampling and the checks work, not that nothing leaks. */
    private static boolean soak(Path home, Path work, boolean quick, long seed) throws Exception {
        SoakCampaign.Setup setup = new SoakCampaign.Setup(quick ? Duration.ofSeconds(20) : Duration.ofMinutes(30), seed);
        SoakCampaign.Figures figures = new SoakCampaign(home, work.resolve("soak-" + seed), setup).run();
        System.out.println("| campaign | seed | minutes | node | resource | highest, middle third | highest, last third"
                + " | bounded |");
        System.out.println("|---|---:|---:|---:|---|---:|---:|---|");
        for (int node = 0; node < figures.nodes().size(); node++) {
            for (SoakCampaign.Resource resource : figures.nodes().get(node)) {
                long[] thirds = resource.thirds();
                System.out.printf(Locale.ROOT, "| soak | %d | %.1f | %d | %s | %,d | %,d | %s |%n", seed,
                        setup.length().toSeconds() / 60.0, node + 1, resource.name(), thirds[0], thirds[1],
                        resource.bounded() ? "yes" : "no");
            }
        }
        System.out.printf(Locale.ROOT, "%nOperations %,d; %s%n", figures.operations(),
                figures.failures().isEmpty() ? "pass" : "FAIL");
        figures.failures().forEach(failure -> System.out.println("  failed: " + failure));
        System.out.println();
        return figures.failures().isEmpty();
    }

    /** 500 clients for 60 s; quick: 100 clients for 10 s. */
    private static boolean load(Path home, Path work, boolean quick, long seed) throws Exception {
        ManyClientsCampaign.Setup setup = new ManyClientsCampaign.Setup(quick ? 100 : 500,
                Duration.ofSeconds(quick ? 10 : 60), seed);
        ManyClientsCampaign.Figures figures = new ManyClientsCampaign(home, work.resolve("load-" + seed), setup).run();
        System.out.println("| campaign | seed | clients | s | request | requests | p50 us | p99 us | max us |");
        System.out.println("|---|---:|---:|---:|---|---:|---:|---:|---:|");
        figures.latencies().forEach((kind, l) -> System.out.printf(Locale.ROOT, "| load | %d | %d | %d | %s | %,d | %,d"
                + " | %,d | %,d |%n", seed, setup.clients(), setup.length().toSeconds(), kind, l.requests(),
                l.p50Micros(), l.p99Micros(), l.maxMicros()));
        System.out.printf(Locale.ROOT, "%nTopics created %,d; peak heap per node %s MiB; threads %s to %s; converged in"
                + " %.1f s; %s%n", figures.created(), Arrays.stream(figures.peakHeap()).map(b -> b >> 20).boxed().toList(),
                Arrays.toString(figures.threadsBefore()), Arrays.toString(figures.threadsAfter()),
                figures.converged().toMillis() / 1000.0, figures.failures().isEmpty() ? "pass" : "FAIL");
        figures.failures().forEach(failure -> System.out.println("  failed: " + failure));
        System.out.println();
        return figures.failures().isEmpty();
    }

    /** Four flooders for 2 minutes; quick: for 10 s. */
    private static boolean hostile(Path home, Path work, boolean quick, long seed) throws Exception {
        HostileInputCampaign.Setup setup = new HostileInputCampaign.Setup(Duration.ofSeconds(quick ? 10 : 120), 4, seed);
        HostileFigures figures = new HostileInputCampaign(home, work.resolve("hostile-" + seed), setup).run();
        System.out.println(HostileFigures.HEADER);
        System.out.println(figures.report());
        figures.failures().forEach(failure -> System.out.println("  failed: " + failure));
        System.out.println();
        return figures.failures().isEmpty();
    }

    /** Every acks mode on every transport, 50 kills each; quick: quorum acks over tcp, 3 kills. */
    private static List<Setup> crashes(boolean quick, long seed) {
        return quick
                ? List.of(new Setup(ProcessFault.CRASH, "quorum", "tcp", 3, seed))
                : everyMode(ProcessFault.CRASH, 50, seed);
    }

    /** Every acks mode on every transport, 20 pauses each; quick: leader acks over hazelcast, 2 pauses. */
    private static List<Setup> pauses(boolean quick, long seed) {
        return quick
                ? List.of(new Setup(ProcessFault.PAUSE, "leader", "hazelcast", 2, seed))
                : everyMode(ProcessFault.PAUSE, 20, seed);
    }

    private static List<Setup> everyMode(ProcessFault fault, int rounds, long seed) {
        List<Setup> setups = new ArrayList<>();
        for (String acks : List.of("quorum", "leader")) {
            for (String transport : List.of("tcp", "hazelcast")) {
                setups.add(new Setup(fault, acks, transport, rounds, seed + setups.size()));
            }
        }
        return setups;
    }

    private static boolean runAll(Path home, Path work, List<Setup> setups) throws Exception {
        System.out.println(FaultFigures.HEADER);
        boolean passed = true;
        for (Setup setup : setups) {
            Path dir = work.resolve(setup.fault().label() + "-" + setup.acks() + "-" + setup.transport() + "-"
                    + setup.seed());
            FaultFigures figures;
            try {
                figures = new ProcessFaultCampaign(home, dir, setup).run();
            } catch (IllegalStateException e) {
                // A cluster that did not recover (no leader, no convergence) within its limit: this
                // configuration failed; the others still run.
                System.out.println("| " + setup.name() + " | " + setup.seed() + " | | | | | | | | | | | FAIL |");
                System.out.println("  failed: " + e.getMessage());
                passed = false;
                continue;
            }
            System.out.println(figures.row());
            for (String failure : figures.failures()) {
                System.out.println("  failed: " + failure);
            }
            figures.violations().stream().filter(v -> v.type().isLoss() && !setup.acks().equals("quorum"))
                    .forEach(v -> System.out.println("  lost (leader acks allow it): " + v));
            passed &= figures.failures().isEmpty();
        }
        System.out.println();
        return passed;
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }
}
