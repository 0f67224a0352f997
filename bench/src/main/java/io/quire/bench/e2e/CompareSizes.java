package io.quire.bench.e2e;

/**
 * How many requests each workload of the comparison makes. The totals stay below about 15,000
 * topics and 17,000 partitions per target: a Kafka broker holds one open file per partition, and
 * this machine's hard limit is 20,000 open files per process.
 *
 * @param warmupSeconds unmeasured creates and deletes, from 1 client for half of it, then from 16: the JIT
 *     of client and nodes, connections, files; by time, since Kafka's default is about 60 times slower
 * @param kafkaTopicsCalls creates through Kafka's own kafka-topics, against Kafka targets ({@link KafkaTopicsCheck})
 */
record CompareSizes(int warmupSeconds, int sequential, int sequential10p,
        int concurrent16, int concurrent64, int batches100, int batches1000, int viaFollower, int visibility,
        int metadata, int kafkaTopicsCalls) {

    /** Under 5 minutes for every target together. */
    static final CompareSizes QUICK = new CompareSizes(8, 150, 50, 320, 640, 5, 2, 150, 100, 20, 100);
    static final CompareSizes FULL = new CompareSizes(30, 1000, 200, 2000, 2000, 10, 2, 500, 500, 100, 300);

    /** Topics present before the Metadata workload, topped up when the workloads before made fewer. */
    static final int METADATA_TOPICS = 10_000;

    static CompareSizes named(String name) {
        return switch (name) {
            case "quick" -> QUICK;
            case "full" -> FULL;
            default -> throw new IllegalArgumentException("--size is quick or full, got " + name);
        };
    }
}
