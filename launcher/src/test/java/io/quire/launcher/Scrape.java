package io.quire.launcher;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hawkular.agent.prometheus.text.TextPrometheusMetricDataParser;
import org.hawkular.agent.prometheus.types.Counter;
import org.hawkular.agent.prometheus.types.Gauge;
import org.hawkular.agent.prometheus.types.Histogram;
import org.hawkular.agent.prometheus.types.Metric;
import org.hawkular.agent.prometheus.types.MetricFamily;
import org.hawkular.agent.prometheus.types.Summary;

/** One scrape of a node's {@code /metrics}, read with a Prometheus text-format parser as a scraper reads it. */
final class Scrape {

    private final List<MetricFamily> families = new ArrayList<>();

    private Scrape(String text) {
        try {
            TextPrometheusMetricDataParser parser =
                    new TextPrometheusMetricDataParser(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
            for (MetricFamily family = parser.parse(); family != null; family = parser.parse()) {
                families.add(family);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("unparseable scrape:\n" + text, e);
        }
    }

    /** Scrapes the node whose operations endpoint is on {@code httpPort}. */
    static Scrape of(int httpPort) {
        return new Scrape(OpsHttp.get(httpPort, "/metrics").body());
    }

    /** The sum of the counters or gauges of {@code family} whose labels include {@code labels}; 0 when none. */
    double value(String family, String... labels) {
        double sum = 0;
        for (Metric metric : metrics(family, labels)) {
            if (metric instanceof Counter counter) {
                sum += counter.getValue();
            } else if (metric instanceof Gauge gauge) {
                sum += gauge.getValue();
            } else {
                throw new IllegalArgumentException(family + " is neither a counter nor a gauge");
            }
        }
        return sum;
    }

    /** The samples of the histograms of {@code family} whose labels include {@code labels}. */
    long samples(String family, String... labels) {
        long count = 0;
        for (Metric metric : metrics(family, labels)) {
            count += ((Histogram) metric).getSampleCount();
        }
        return count;
    }

    /**
     * Every series name a Prometheus query can name: each family, each histogram's _bucket, _count
     * and _sum, and each summary's _count and _sum.
     */
    Set<String> seriesNames() {
        Set<String> names = new HashSet<>();
        for (MetricFamily family : families) {
            names.add(family.getName());
            if (family.getMetrics().stream().anyMatch(Histogram.class::isInstance)) {
                names.addAll(List.of(family.getName() + "_bucket", family.getName() + "_count",
                        family.getName() + "_sum"));
            }
            if (family.getMetrics().stream().anyMatch(Summary.class::isInstance)) {
                names.addAll(List.of(family.getName() + "_count", family.getName() + "_sum"));
            }
        }
        return names;
    }

    private List<Metric> metrics(String family, String... labels) {
        Map<String, String> wanted = new HashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        return families.stream().filter(f -> f.getName().equals(family))
                .flatMap(f -> f.getMetrics().stream())
                .filter(m -> m.getLabels().entrySet().containsAll(wanted.entrySet()))
                .toList();
    }
}
