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
 * <pre>CompareReport --results FILE --size quick|full [--measures FILE]</pre>
 */
public final class CompareReport {

    /** Quire's fast path and its consensus-only baseline, as run-compare.sh names them. */
    private static final String FAST_PATH = "quire-3-leader";
    private static final String CONSENSUS_ONLY = "quire-3-no-wal";
    private static final String QUIRE = "quire";
    private static final String KAFKA = "kafka";
    /** ScaleBench's targets: scale-N, measured with N topics present. */
    private static final String SCALE = "scale-";

    private final List<Result> results;
    private final Result floor;

    private final CompareSizes sizes;
    private final List<Measure> measures;

    private CompareReport(List<Result> results, CompareSizes sizes, List<Measure> measures) {
        this.results = results;
        this.sizes = sizes;
        this.measures = measures;
        this.floor = find(Result.FLOOR, Workload.FLOOR_REQUEST)
                .orElseThrow(() -> new IllegalArgumentException("the results hold no floor"));
    }

    public static void main(String[] args) throws Exception {
        Args options = Args.parse(args);
        new CompareReport(ResultsFile.read(Path.of(options.required("--results"))),
                CompareSizes.named(options.required("--size")),
                Measure.read(Path.of(options.text("--measures", "/nonexistent")))).print();
    }

    private void print() {
        System.out.printf(Locale.ROOT, "Each target is first warmed up, unmeasured, for %d s: creates each followed"
                + " by its delete, from 1 client for half of it, then from 16. Latencies are from the AdminClient call"
                + " to its answer; a workload's requests are then checked (topics listed, deleted, extended).%n%n",
                sizes.warmupSeconds());
        System.out.println("| target | workload | requests | topics/s | p50 us | p90 us | p99 us | p99.9 us | max us"
                + " | mean us | p50 / floor | p99 / floor |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Result r : results) {
            if (r.target().startsWith(SCALE)) {
                continue;
            }
            if (r.workload() == Workload.WARMUP) {
                System.out.printf(Locale.ROOT, "| %s | %s | %,d | | | | | | | | | |%n", r.target(),
                        r.workload().label() + ", " + format(r.seconds()) + " s", r.requests());
                continue;
            }
            boolean quire = r.target().startsWith(QUIRE);
            String label = r.workload() == Workload.METADATA
                    ? String.format(Locale.ROOT, "%s, at least %,d topics present", r.workload().label(), sizes.metadataTopics())
                    : r.workload().label();
            System.out.printf(Locale.ROOT, "| %s | %s | %,d | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", r.target(),
                    label, r.requests(), format(r.topicsPerSecond()), format(r.p50()), format(r.p90()),
                    format(r.p99()), format(r.p999()), format(r.max()), format(r.mean()),
                    quire ? format(r.p50() / floor.p50()) : "", quire ? format(r.p99() / floor.p99()) : "");
        }
        System.out.println();
        System.out.println("Floor: one force plus one loopback round trip, " + format(floor.p50()) + " us at p50 and "
                + format(floor.p99()) + " us at p99 (the sum of the two loops' percentiles).");
        System.out.println();
        printRatios();
        printKafkaToolCheck();
        printScale();
    }

    /** ScaleBench's rows: the create rate as topics are added, Metadata of them all, heap and start times. */
    private void printScale() {
        List<String> scales = results.stream().map(Result::target).filter(t -> t.startsWith(SCALE)).distinct().toList();
        if (scales.isEmpty() && measures.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.println("Scale and recovery, quire-1 (file WAL, 10 partitions per topic, creates to the node):");
        System.out.println();
        System.out.println("| topics present | sequential creates/s | p50 us | p99 us | topics/s in requests of 1,000 | p50 us"
                + " | Metadata of all, p50 us | p99 us |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (String scale : scales) {
            System.out.printf(Locale.ROOT, "| %,d | %s | %s | %s | %s | %s | %s | %s |%n",
                    Integer.parseInt(scale.substring(SCALE.length())),
                    cell(scale, Workload.CREATE_SEQUENTIAL_10P, Result::topicsPerSecond),
                    cell(scale, Workload.CREATE_SEQUENTIAL_10P, Result::p50),
                    cell(scale, Workload.CREATE_SEQUENTIAL_10P, Result::p99),
                    cell(scale, Workload.CREATE_BATCH_1000, Result::topicsPerSecond),
                    cell(scale, Workload.CREATE_BATCH_1000, Result::p50),
                    cell(scale, Workload.METADATA, Result::p50), cell(scale, Workload.METADATA, Result::p99));
        }
        if (scales.size() > 1) {
            String first = scales.get(0);
            String last = scales.get(scales.size() - 1);
            System.out.printf(Locale.ROOT, "%nSequential creates/s with %,d topics present / with %,d: %s;"
                    + " in requests of 1,000: %s.%n", Integer.parseInt(last.substring(SCALE.length())),
                    Integer.parseInt(first.substring(SCALE.length())),
                    ratio(last, first, Workload.CREATE_SEQUENTIAL_10P), ratio(last, first, Workload.CREATE_BATCH_1000));
        }
        System.out.println();
        System.out.println("| measured | value | unit |");
        System.out.println("|---|---:|---|");
        for (Measure m : measures) {
            System.out.printf(Locale.ROOT, "| %s | %s | %s |%n", m.what(), format(m.value()), m.unit());
        }
    }

    private String cell(String target, Workload workload, ToDoubleFunction<Result> value) {
        return valueOf(target, workload, value).map(CompareReport::format).orElse("-");
    }

    private String ratio(String numerator, String denominator, Workload workload) {
        return valueOf(numerator, workload, Result::topicsPerSecond)
                .flatMap(n -> valueOf(denominator, workload, Result::topicsPerSecond).map(d -> format(n / d)))
                .orElse("-");
    }

    /**
     * Whether each Kafka target's rows agree within 2x with Kafka's own figures for the same
     * requests: the broker's request metric (mean against mean, {@link KafkaRequestTimes}) for the
     * sequential creates and the creates via a non-controller broker, and kafka-topics' own creates
     * (p50 against p50).
     */
    private void printKafkaToolCheck() {
        System.out.println();
        System.out.println("| Kafka target | requests | harness us | Kafka's own us | Kafka counted | ratio | within 2x |");
        System.out.println("|---|---|---:|---:|---|---:|---|");
        for (String kafka : targets(KAFKA)) {
            metricAgreement(kafka, "sequential creates, mean", Workload.CREATE_SEQUENTIAL, Workload.KAFKA_BROKER_CREATE_TIME);
            metricAgreement(kafka, "creates via a non-controller broker, mean", Workload.CREATE_VIA_FOLLOWER,
                    Workload.KAFKA_BROKER_CREATE_VIA_TIME);
            Optional<Result> bench = find(kafka, Workload.CREATE_SEQUENTIAL);
            Optional<Result> tool = find(kafka, Workload.KAFKA_TOPICS_CREATE);
            if (bench.isPresent() && tool.isPresent()) {
                double ratio = bench.get().p50() / tool.get().p50();
                System.out.printf(Locale.ROOT, "| %s | sequential creates, p50; kafka-topics --create | %s | %s | its own"
                        + " %,d calls | %s | %s |%n", kafka, format(bench.get().p50()), format(tool.get().p50()),
                        tool.get().requests(), format(ratio), ratio >= 0.5 && ratio <= 2 ? "yes" : "no");
            }
        }
        System.out.println();
        System.out.println("Kafka counted 2 per request: the broker is also the active controller and times each create"
                + " twice, as its broker and as its controller serving the forwarded request. The broker's own mean"
                + " then lies between the metric's mean m and 2m: within 2x is shown when the harness's mean is in"
                + " [m, 2m], ruled out when it is below m/2 or above 4m, and undecided otherwise.");
    }

    private void metricAgreement(String kafka, String what, Workload harness, Workload kafkasOwn) {
        Optional<Result> bench = find(kafka, harness);
        Optional<Result> own = find(kafka, kafkasOwn);
        if (bench.isEmpty() || own.isEmpty()) {
            return;
        }
        long perRequest = own.get().requests() / bench.get().requests();
        double ratio = bench.get().mean() / own.get().mean();
        String within;
        if (perRequest == 1) {
            within = ratio >= 0.5 && ratio <= 2 ? "yes" : "no";
        } else {
            within = ratio >= 1 && ratio <= 2 ? "yes" : ratio < 0.5 || ratio > 4 ? "no" : "undecided";
        }
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %d per request | %s | %s |%n", kafka, what,
                format(bench.get().mean()), format(own.get().mean()), perRequest, format(ratio), within);
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
