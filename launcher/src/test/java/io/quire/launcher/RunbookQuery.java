package io.quire.launcher;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One log query of {@code docs/runbook.md}: a {@code grep} line in a {@code bash} block, with
 * what it should print on a healthy cluster ({@code # expect: lines}, {@code none}, or
 * {@code when ...} an event happened).
 */
record RunbookQuery(String command, Expectation expectation) {

    enum Expectation { LINES, NONE, WHEN }

    private static final Pattern QUERY = Pattern.compile("^(grep .*?)\\s+# expect: (lines|none|when .*)$");
    private static final Pattern SEARCHED = Pattern.compile("^grep \"([^\"]+)\"");

    /** What the query printed and grep's exit status (0 matched, 1 nothing, 2 an error). */
    record Result(int status, String output) {}

    static List<RunbookQuery> parse(String runbook) {
        List<RunbookQuery> queries = new ArrayList<>();
        boolean inBash = false;
        for (String line : runbook.lines().toList()) {
            if (line.startsWith("```")) {
                inBash = !inBash && line.equals("```bash");
                continue;
            }
            Matcher query = QUERY.matcher(line.strip());
            if (inBash && query.matches()) {
                String expected = query.group(2);
                queries.add(new RunbookQuery(query.group(1), expected.equals("lines") ? Expectation.LINES
                        : expected.equals("none") ? Expectation.NONE : Expectation.WHEN));
            } else if (inBash && line.strip().startsWith("grep ")) {
                throw new IllegalArgumentException("runbook query without '# expect:': " + line);
            }
        }
        return queries;
    }

    /** Runs the query with bash in {@code dir}, the runbook's variables set to {@code variables}. */
    Result run(Path dir, Map<String, String> variables) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).directory(dir.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(variables);
        builder.environment().put("LC_ALL", "C.UTF-8");
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        return new Result(process.waitFor(), output);
    }

    /** Whether a main source file of the repository at {@code root} writes what the query looks for. */
    boolean writtenBy(Path root) throws IOException {
        Matcher searched = SEARCHED.matcher(command);
        if (!searched.find()) {
            throw new IllegalArgumentException("cannot tell what " + command + " looks for");
        }
        Pattern message = Pattern.compile(searched.group(1));
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> file.toString().contains("/src/main/java/"))
                    .anyMatch(file -> {
                        try {
                            return message.matcher(Files.readString(file)).find();
                        } catch (IOException e) {
                            return false;
                        }
                    });
        }
    }

    @Override
    public String toString() {
        return command;
    }
}
