package io.quire.bench.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The Markdown tables of a comparison run, from its results file: the floor, every row measured,
 * and the ratios issue 11 names. A latency ratio below 1 and a throughput ratio above 1 favour the
 * numerator. A ratio whose rows are missing prints as "-".
 *
 * <pre>CompareReport --results FILE --size quick|full</pre>
 */
public final class CompareReport {

    /** Quire's fast path and its consensus-only baseline, as run-compare.sh names them. */
    private static final String FAST_PATH = "quire-3-leader";
    private static final String CONSENSUS_ONLY = "quire-3-no-wal";
    private static final String QUIRE = "quire";
    private static final String KAFKA = "kafka";

    private final List<Result> results;
    private final Result floor;

    private final CompareSizes sizes;

    private CompareReport(List<Result> results, CompareSizes sizes) {
        this.results = results;
        this.sizes = sizes;
        this.floor = find(Result.FLOOR, Workload.FLOOR_REQUEST)
                .orElseThrow(() -> new IllegalArgumentException("the results hold no floor"));
    }

    public static void main(String[] args) throws Exception {
        Args options = Args.parse(args);
        new CompareReport(ResultsFile.read(Path.of(options.required("--results"))),
                CompareSizes.named(options.required("--size"))).print();
    }

    private void print() {
        System.out.printf(Locale.ROOT, "Each target is first warmed up, unmeasured, for %d s: creates each followed"
                + " by its delete, from 1 client for half of it, then from 16. Latencies are from the AdminClient call"
                + " to its answer; a workload's requests are then checked (topics listed, deleted, extended).%n%n",
                sizes.warmupSeconds());
        System.out.println("| target | workload | requests | topics/s | p50 us | p90 us | p99 us | p99.9 us | max us"
                + " | p50 / floor | p99 / floor |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Result r : results) {
            if (r.workload() == Workload.WARMUP) {
                System.out.printf(Locale.ROOT, "| %s | %s | %,d | | | | | | | | |%n", r.target(),
                        r.workload().label() + ", " + format(r.seconds()) + " s", r.requests());
                continue;
            }
            boolean quire = r.target().startsWith(QUIRE);
            String label = r.workload() == Workload.METADATA
                    ? String.format(Locale.ROOT, "%s, at least %,d topics present", r.workload().label(), sizes.metadataTopics())
                    : r.workload().label();
            System.out.printf(Locale.ROOT, "| %s | %s | %,d | %s | %s | %s | %s | %s | %s | %s | %s |%n", r.target(),
                    label, r.requests(), format(r.topicsPerSecond()), format(r.p50()), format(r.p90()),
                    format(r.p99()), format(r.p999()), format(r.max()),
                    quire ? format(r.p50() / floor.p50()) : "", quire ? format(r.p99() / floor.p99()) : "");
        }
        System.out.println();
        System.out.println("Floor: one force plus one loopback round trip, " + format(floor.p50()) + " us at p50 and "
                + format(floor.p99()) + " us at p99 (the sum of the two loops' percentiles).");
        System.out.println();
        printRatios();
        printKafkaToolCheck();
    }

    /** Whether each Kafka target's sequential create agrees within 2x with kafka-topics' own timing. */
    private void printKafkaToolCheck() {
        System.out.println();
        System.out.println("| Kafka target | sequential create p50 us | kafka-topics --create p50 us | ratio | within 2x |");
        System.out.println("|---|---:|---:|---:|---|");
        for (String kafka : targets(KAFKA)) {
            Optional<Double> bench = valueOf(kafka, Workload.CREATE_SEQUENTIAL, Result::p50);
            Optional<Double> tool = valueOf(kafka, Workload.KAFKA_TOPICS_CREATE, Result::p50);
            Optional<Double> ratio = bench.flatMap(b -> tool.map(t -> b / t));
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", kafka,
                    bench.map(CompareReport::format).orElse("-"), tool.map(CompareReport::format).orElse("-"),
                    ratio.map(CompareReport::format).orElse("-"),
                    ratio.map(r -> r >= 0.5 && r <= 2 ? "yes" : "no").orElse("-"));
        }
    }

    private void printRatios() {
        List<String> quires = targets(QUIRE);
        System.out.println("| ratio | " + String.join(" | ", quires) + " |");
        System.out.println("|---|" + "---:|".repeat(quires.size()));
        List<String> baselines = new ArrayList<>(targets(KAFKA));
        baselines.add(CONSENSUS_ONLY);
        for (String baseline : baselines) {
            ratioRow(quires, baseline, "sequential create p50", Workload.CREATE_SEQUENTIAL, Result::p50);
            ratioRow(quires, baseline, "sequential create p99", Workload.CREATE_SEQUENTIAL, Result::p99);
            ratioRow(quires, baseline, "topics/s, 16 clients", Workload.CREATE_16, Result::topicsPerSecond);
            ratioRow(quires, baseline, "topics/s, 64 clients", Workload.CREATE_64, Result::topicsPerSecond);
            ratioRow(quires, baseline, "topics/s, one request of 1,000", Workload.CREATE_BATCH_1000,
                    Result::topicsPerSecond);
        }
        row(quires, "sequential create p50 / floor p50", q -> valueOf(q, Workload.CREATE_SEQUENTIAL, Result::p50)
                .map(v -> v / floor.p50()));
        row(quires, "sequential create p99 / floor p99", q -> valueOf(q, Workload.CREATE_SEQUENTIAL, Result::p99)
                .map(v -> v / floor.p99()));
        row(quires, "visibility p99, us", q -> valueOf(q, Workload.VISIBILITY, Result::p99));
        row(quires, "follower-write p50 / leader-write p50", q -> valueOf(q, Workload.CREATE_VIA_FOLLOWER, Result::p50)
                .flatMap(via -> valueOf(q, Workload.CREATE_SEQUENTIAL, Result::p50).map(leader -> via / leader)));
        System.out.println();
        System.out.println("Fast path: " + FAST_PATH + "; consensus-only: " + CONSENSUS_ONLY + ". Latency ratios below"
                + " 1 and topics/s ratios above 1 favour the column's target.");
    }

    private void ratioRow(List<String> quires, String baseline, String what, Workload workload,
            ToDoubleFunction<Result> value) {
        row(quires, what + ", / " + baseline, q -> valueOf(q, workload, value)
                .flatMap(mine -> valueOf(baseline, workload, value).map(theirs -> mine / theirs)));
    }

    private void row(List<String> quires, String name, Function<String, Optional<Double>> cell) {
        List<String> cells = new ArrayList<>();
        for (String q : quires) {
            cells.add(cell.apply(q).map(CompareReport::format).orElse("-"));
        }
        System.out.println("| " + name + " | " + String.join(" | ", cells) + " |");
    }

    private Optional<Double> valueOf(String target, Workload workload, ToDoubleFunction<Result> value) {
        return find(target, workload).map(value::applyAsDouble);
    }

    private Optional<Result> find(String target, Workload workload) {
        return results.stream().filter(r -> r.target().equals(target) && r.workload() == workload).findFirst();
    }

    /** The targets whose names start with {@code kind}, in the order they ran. */
    private List<String> targets(String kind) {
        return results.stream().map(Result::target).filter(t -> t.startsWith(kind)).distinct().toList();
    }

    /** Three significant figures at most, with thousands separators; "-" for NaN. */
    private static String format(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, Math.abs(value) >= 10 ? "%.1f" : "%.2f", value);
    }
}
