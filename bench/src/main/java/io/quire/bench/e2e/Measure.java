package io.quire.bench.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/**
 * One figure of the scale and recovery runs ({@link ScaleBench}) that is not a latency
 * distribution: a start time, a heap size, a rate. Kept one per line in their own file beside the
 * results file, in the order measured.
 *
 * @param what what was measured, as the report prints it
 * @param value the figure, in {@code unit}
 */
record Measure(String what, double value, String unit) {

    static void append(Path file, Measure measure) throws IOException {
        String line = String.join("\t", measure.what, String.format(Locale.ROOT, "%.3f", measure.value), measure.unit);
        Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        System.err.printf(Locale.ROOT, "ScaleBench: %s: %.3f %s%n", measure.what, measure.value, measure.unit);
    }

    static List<Measure> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).map(l -> {
            String[] f = l.split("\t");
            if (f.length != 3) {
                throw new IllegalArgumentException("not a measure line: " + l);
            }
            return new Measure(f[0], Double.parseDouble(f[1]), f[2]);
        }).toList();
    }
}
