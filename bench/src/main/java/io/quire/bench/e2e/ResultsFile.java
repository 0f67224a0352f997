package io.quire.bench.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The results of one comparison run, one {@link Result} per line: each target's run (a separate
 * JVM, started against a separate cluster) appends its rows, and {@link CompareReport} reads them all.
 */
final class ResultsFile {

    private ResultsFile() {}

    static void append(Path file, Result result) throws IOException {
        Files.writeString(file, result.toLine() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    static List<Result> read(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank())
                .map(Result::parse).toList();
    }
}
