package io.quire.campaigns;

import io.quire.campaigns.crash.CrashCampaign;
import io.quire.campaigns.crash.CrashFigures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runs the reliability campaigns and prints their figures; exits 1 when a check fails.
 *
 * <pre>Campaigns [--quick] [--seed N] [--home DIR] [--work DIR] [crash]...</pre>
 *
 * <p>{@code --home} is the Quire checkout whose {@code bin/quire} starts the nodes (default: the
 * working directory); {@code --work} holds each run's data and logs (default
 * {@code campaigns/target/runs}). Each configuration's seed is {@code --seed} plus its place in
 * the run (a random seed when none is given), printed, and given back with {@code --seed} replays
 * the same fault schedule and client choices.
 */
public final class Campaigns {

    private static final Set<String> KNOWN = Set.of("crash");

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
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--seed" -> seed = Long.parseLong(value(args, ++i, "--seed"));
                case "--home" -> home = Path.of(value(args, ++i, "--home")).toAbsolutePath();
                case "--work" -> work = Path.of(value(args, ++i, "--work")).toAbsolutePath();
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
        boolean passed = true;
        if (selected.contains("crash")) {
            passed &= crash(home, work, quick, seed);
        }
        return passed;
    }

    /**
     * Every acks mode on every transport, 50 kills each; quick: quorum acks over tcp and leader
     * acks over hazelcast, 3 kills each.
     */
    private static boolean crash(Path home, Path work, boolean quick, long seed) throws Exception {
        List<CrashCampaign.Setup> setups = quick
                ? List.of(new CrashCampaign.Setup("quorum", "tcp", 3, seed),
                        new CrashCampaign.Setup("leader", "hazelcast", 3, seed + 1))
                : List.of(new CrashCampaign.Setup("quorum", "tcp", 50, seed),
                        new CrashCampaign.Setup("quorum", "hazelcast", 50, seed + 1),
                        new CrashCampaign.Setup("leader", "tcp", 50, seed + 2),
                        new CrashCampaign.Setup("leader", "hazelcast", 50, seed + 3));
        System.out.println(CrashFigures.HEADER);
        boolean passed = true;
        for (CrashCampaign.Setup setup : setups) {
            Path dir = work.resolve("crash-" + setup.acks() + "-" + setup.transport() + "-" + setup.seed());
            CrashFigures figures = new CrashCampaign(home, dir, setup).run();
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
