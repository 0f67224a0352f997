package io.quire.bench.e2e;

/**
 * How many requests each workload of the comparison makes. The totals stay below about 15,000
 * topics and 17,000 partitions per target: a Kafka broker holds one open file per partition, and
 * this machine's hard limit is 20,000 open files per process.
 *
 * @param warmupSeconds unmeasured creates and deletes, from 1 client for half of it, then from 16: the JIT
 *     of client and nodes, connections, files; by time, since Kafka's default is about 60 times slower
 * @param metadataTopics topics present for the Metadata workload, topped up when the workloads before made fewer
 * @param kafkaTopicsCalls creates through Kafka's own kafka-topics, against Kafka targets ({@link KafkaTopicsCheck})
 */
record CompareSizes(int warmupSeconds, int sequential, int sequential10p,
        int concurrent16, int concurrent64, int batches100, int batches1000, int viaFollower, int visibility,
        int metadata, int metadataTopics, int kafkaTopicsCalls) {

    /**
     * Under 5 minutes for every target together. Its Metadata workload lists the 3,000 or so topics
     * the workloads before leave: consensus-only Quire creates about 200 topics/s, so a top-up to
     * 10,000 would take half a minute.
     */
    static final CompareSizes QUICK = new CompareSizes(6, 100, 50, 160, 320, 5, 2, 100, 100, 20, 3_000, 50);
    static final CompareSizes FULL = new CompareSizes(30, 1000, 200, 2000, 2000, 10, 2, 500, 500, 100, 10_000, 300);

    static CompareSizes named(String name) {
        return switch (name) {
            case "quick" -> QUICK;
            case "full" -> FULL;
            default -> throw new IllegalArgumentException("--size is quick or full, got " + name);
        };
    }
}
