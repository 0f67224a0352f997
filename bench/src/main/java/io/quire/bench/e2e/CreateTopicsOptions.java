package io.quire.bench.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@link CreateTopicsBench}.
 *
 * @param bootstrapServers any node of the cluster; the harness then connects to the controller alone
 * @param warmup creates per run before measuring (JIT of client and nodes, connections, WAL files)
 * @param count measured creates per run
 * @param concurrency one run per entry: that many clients, each with one CreateTopics in flight
 * @param partitions partitions of each created topic
 * @param replicationFactor replication factor of each created topic
 * @param label the first column of each printed row, naming the scenario
 */
record CreateTopicsOptions(String bootstrapServers, int warmup, int count, List<Integer> concurrency, int partitions,
        short replicationFactor, String label) {

    static final String USAGE = """
            Usage: CreateTopicsBench --bootstrap-servers HOST:PORT[,...] [options]
              --bootstrap-servers LIST  any node(s) of the cluster; the harness asks for the controller
                                        (the metadata leader) and sends every CreateTopics to it alone
              --warmup N                creates per run before measuring (default 500)
              --count N                 measured creates per run (default 2000)
              --concurrency LIST        clients per run, comma-separated: one run each (default 1,16);
                                        each client is a thread with its own AdminClient and one
                                        CreateTopics of one topic in flight
              --partitions N            partitions per topic (default 1)
              --replication-factor N    replication factor per topic (default 1)
              --label TEXT              scenario name printed in the first column (default e2e)
              --help                    this text
            """;

    CreateTopicsOptions {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("--bootstrap-servers is required");
        }
        if (warmup < 0 || count < 1 || partitions < 1 || replicationFactor < 1) {
            throw new IllegalArgumentException("--warmup must be at least 0; --count, --partitions and"
                    + " --replication-factor at least 1");
        }
        if (concurrency.isEmpty() || concurrency.stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("--concurrency needs counts of at least 1, got " + concurrency);
        }
        concurrency = List.copyOf(concurrency);
    }

    /**
     * Parses the command line; a later occurrence of an option overrides an earlier one.
     *
     * @throws IllegalArgumentException naming the offending option
     */
    static CreateTopicsOptions parse(String[] args) {
        String bootstrap = null;
        int warmup = 500;
        int count = 2000;
        List<Integer> concurrency = List.of(1, 16);
        int partitions = 1;
        int replicationFactor = 1;
        String label = "e2e";
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 == args.length) {
                throw new IllegalArgumentException("option " + name + " needs a value");
            }
            String value = args[++i];
            switch (name) {
                case "--bootstrap-servers" -> bootstrap = value;
                case "--warmup" -> warmup = Args.integer(name, value);
                case "--count" -> count = Args.integer(name, value);
                case "--concurrency" -> concurrency = integers(name, value);
                case "--partitions" -> partitions = Args.integer(name, value);
                case "--replication-factor" -> replicationFactor = Args.integer(name, value);
                case "--label" -> label = value;
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (replicationFactor > Short.MAX_VALUE) {
            throw new IllegalArgumentException("--replication-factor is too large: " + replicationFactor);
        }
        return new CreateTopicsOptions(bootstrap, warmup, count, concurrency, partitions, (short) replicationFactor,
                label);
    }

    private static List<Integer> integers(String name, String value) {
        List<Integer> values = new ArrayList<>();
        for (String item : value.split(",")) {
            if (!item.isBlank()) {
                values.add(Args.integer(name, item));
            }
        }
        return values;
    }
}
