package io.quire.bench.e2e;

/** What a row of the comparison measured, in the order the report lists them. */
enum Workload {
    WARMUP("warm-up, not measured: creates each deleted"),
    CREATE_SEQUENTIAL("create, 1 client, 1 partition"),
    CREATE_SEQUENTIAL_10P("create, 1 client, 10 partitions"),
    CREATE_16("create, 16 clients, 1 partition"),
    CREATE_64("create, 64 clients, 1 partition"),
    CREATE_BATCH_100("one CreateTopics of 100 topics"),
    CREATE_BATCH_1000("one CreateTopics of 1,000 topics"),
    CREATE_VIA_FOLLOWER("create via a follower / non-controller broker, 1 client"),
    VISIBILITY("visibility: create answered until every other node lists it"),
    DELETE_SEQUENTIAL("delete, 1 client"),
    CREATE_PARTITIONS_SEQUENTIAL("create partitions (10 to 11), 1 client"),
    /** With {@link CompareSizes#metadataTopics()} topics present. */
    METADATA("Metadata of all topics"),
    KAFKA_TOPICS_CREATE("check: kafka-topics --create (TopicCommand, in-process), 1 partition"),
    /** Only a mean, of as many requests as the broker counted: {@link KafkaRequestTimes}. */
    KAFKA_BROKER_CREATE_TIME("check: the sequential creates, as Kafka's RequestMetrics TotalTimeMs timed them"),
    KAFKA_BROKER_CREATE_VIA_TIME("check: the creates via a non-controller broker, as its RequestMetrics timed them"),
    FLOOR_FORCE("floor: append + force (fdatasync), data dir's disk"),
    FLOOR_LOOPBACK("floor: loopback TCP round trip, 64 bytes"),
    FLOOR_REQUEST("floor: force + round trip (what a durable answer costs)");

    private final String label;

    Workload(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
