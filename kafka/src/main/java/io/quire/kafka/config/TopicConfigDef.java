package io.quire.kafka.config;

import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;
import static org.apache.kafka.common.config.ConfigDef.Range.atLeast;
import static org.apache.kafka.common.config.ConfigDef.Range.between;

import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidList;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The topic-level configs of Apache Kafka 4.4 ({@code LogConfig}): the same names, types, defaults
 * and validators, so that a value Kafka refuses is refused here with Kafka's message. Kafka's own
 * definition lives in its server jars, which Quire does not ship; a test compares the two.
 */
final class TopicConfigDef {

    /** Kafka's default segment size: 1 GiB. */
    private static final int DEFAULT_SEGMENT_BYTES = 1024 * 1024 * 1024;
    private static final long ONE_WEEK_MS = 7L * 24 * 60 * 60 * 1000;
    private static final long ONE_DAY_MS = 24L * 60 * 60 * 1000;
    /** Kafka's message.max.bytes default: 1 MiB plus the record batch overhead. */
    private static final int DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024 + 12;
    /** The largest array a JVM reliably allocates: Kafka's max.decompressed.message.bytes default. */
    private static final int MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;
    private static final int GZIP_MIN_LEVEL = 1;
    private static final int GZIP_MAX_LEVEL = 9;
    private static final int GZIP_DEFAULT_LEVEL = -1;
    /** Kafka's "no local retention of its own: follow retention.ms / retention.bytes". */
    private static final long FOLLOW_RETENTION = -2L;

    static final String LEADER_THROTTLED_REPLICAS = "leader.replication.throttled.replicas";
    static final String FOLLOWER_THROTTLED_REPLICAS = "follower.replication.throttled.replicas";
    /** An internal key (for Kafka's tests) that LogConfig accepts but never describes. */
    static final String INTERNAL_SEGMENT_BYTES = "internal.segment.bytes";

    static final ConfigDef DEFINITION = define();

    private TopicConfigDef() {}

    private static ConfigDef define() {
        return new ConfigDef()
                .define(TopicConfig.SEGMENT_BYTES_CONFIG, Type.INT, DEFAULT_SEGMENT_BYTES, atLeast(1024 * 1024), MEDIUM,
                        TopicConfig.SEGMENT_BYTES_DOC)
                .define(TopicConfig.SEGMENT_MS_CONFIG, Type.LONG, ONE_WEEK_MS, atLeast(1), MEDIUM,
                        TopicConfig.SEGMENT_MS_DOC)
                .define(TopicConfig.SEGMENT_JITTER_MS_CONFIG, Type.LONG, 0L, atLeast(0), MEDIUM,
                        TopicConfig.SEGMENT_JITTER_MS_DOC)
                .define(TopicConfig.SEGMENT_INDEX_BYTES_CONFIG, Type.INT, 10 * 1024 * 1024, atLeast(4), MEDIUM,
                        TopicConfig.SEGMENT_INDEX_BYTES_DOC)
                .define(TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG, Type.LONG, Long.MAX_VALUE, atLeast(1), MEDIUM,
                        TopicConfig.FLUSH_MESSAGES_INTERVAL_DOC)
                .define(TopicConfig.FLUSH_MS_CONFIG, Type.LONG, Long.MAX_VALUE, atLeast(0), MEDIUM,
                        TopicConfig.FLUSH_MS_DOC)
                .define(TopicConfig.RETENTION_BYTES_CONFIG, Type.LONG, -1L, MEDIUM, TopicConfig.RETENTION_BYTES_DOC)
                .define(TopicConfig.RETENTION_MS_CONFIG, Type.LONG, ONE_WEEK_MS, atLeast(-1), MEDIUM,
                        TopicConfig.RETENTION_MS_DOC)
                .define(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Type.INT, DEFAULT_MAX_MESSAGE_BYTES, atLeast(0), MEDIUM,
                        TopicConfig.MAX_MESSAGE_BYTES_DOC)
                .define(TopicConfig.MAX_DECOMPRESSED_MESSAGE_BYTES_CONFIG, Type.INT, MAX_ARRAY_BYTES,
                        between(1, MAX_ARRAY_BYTES), MEDIUM, TopicConfig.MAX_DECOMPRESSED_MESSAGE_BYTES_DOC)
                .define(TopicConfig.INDEX_INTERVAL_BYTES_CONFIG, Type.INT, 4096, atLeast(0), MEDIUM,
                        TopicConfig.INDEX_INTERVAL_BYTES_DOC)
                .define(TopicConfig.DELETE_RETENTION_MS_CONFIG, Type.LONG, ONE_DAY_MS, atLeast(0), MEDIUM,
                        TopicConfig.DELETE_RETENTION_MS_DOC)
                .define(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, Type.LONG, 0L, atLeast(0), MEDIUM,
                        TopicConfig.MIN_COMPACTION_LAG_MS_DOC)
                .define(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, Type.LONG, Long.MAX_VALUE, atLeast(1), MEDIUM,
                        TopicConfig.MAX_COMPACTION_LAG_MS_DOC)
                .define(TopicConfig.FILE_DELETE_DELAY_MS_CONFIG, Type.LONG, 60_000L, atLeast(0), MEDIUM,
                        TopicConfig.FILE_DELETE_DELAY_MS_DOC)
                .define(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, Type.DOUBLE, 0.5, between(0, 1), MEDIUM,
                        TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_DOC)
                .define(TopicConfig.CLEANUP_POLICY_CONFIG, Type.LIST, TopicConfig.CLEANUP_POLICY_DELETE,
                        ValidList.in(true, TopicConfig.CLEANUP_POLICY_COMPACT, TopicConfig.CLEANUP_POLICY_DELETE),
                        MEDIUM, TopicConfig.CLEANUP_POLICY_DOC)
                .define(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, Type.BOOLEAN, false, MEDIUM,
                        TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_DOC)
                .define(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Type.INT, 1, atLeast(1), MEDIUM,
                        TopicConfig.MIN_IN_SYNC_REPLICAS_DOC)
                .define(TopicConfig.COMPRESSION_TYPE_CONFIG, Type.STRING, "producer",
                        ValidString.in("uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"), MEDIUM,
                        TopicConfig.COMPRESSION_TYPE_DOC)
                .define(TopicConfig.COMPRESSION_GZIP_LEVEL_CONFIG, Type.INT, GZIP_DEFAULT_LEVEL, gzipLevel(), MEDIUM,
                        TopicConfig.COMPRESSION_GZIP_LEVEL_DOC)
                .define(TopicConfig.COMPRESSION_LZ4_LEVEL_CONFIG, Type.INT, 9, between(1, 17), MEDIUM,
                        TopicConfig.COMPRESSION_LZ4_LEVEL_DOC)
                .define(TopicConfig.COMPRESSION_ZSTD_LEVEL_CONFIG, Type.INT, 3, between(-131072, 22), MEDIUM,
                        TopicConfig.COMPRESSION_ZSTD_LEVEL_DOC)
                .define(TopicConfig.PREALLOCATE_CONFIG, Type.BOOLEAN, false, MEDIUM, TopicConfig.PREALLOCATE_DOC)
                .define(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, Type.STRING, "CreateTime",
                        ValidString.in("CreateTime", "LogAppendTime"), MEDIUM, TopicConfig.MESSAGE_TIMESTAMP_TYPE_DOC)
                .define(TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG, Type.LONG, Long.MAX_VALUE, atLeast(0),
                        MEDIUM, TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_DOC)
                .define(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, Type.LONG, 3_600_000L, atLeast(0),
                        MEDIUM, TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_DOC)
                .define(LEADER_THROTTLED_REPLICAS, Type.LIST, List.of(), new ThrottledReplicasValidator(), MEDIUM,
                        "A list of replicas for which log replication should be throttled on the leader side. The"
                                + " list should describe a set of replicas in the form [PartitionId]:[BrokerId],"
                                + "[PartitionId]:[BrokerId]:... or alternatively the wildcard '*' can be used to"
                                + " throttle all replicas for this topic.")
                .define(FOLLOWER_THROTTLED_REPLICAS, Type.LIST, List.of(), new ThrottledReplicasValidator(), MEDIUM,
                        "A list of replicas for which log replication should be throttled on the follower side."
                                + " The list should describe a set of replicas in the form [PartitionId]:[BrokerId],"
                                + "[PartitionId]:[BrokerId]:... or alternatively the wildcard '*' can be used to"
                                + " throttle all replicas for this topic.")
                .define(TopicConfig.REMOTE_LOG_STORAGE_ENABLE_CONFIG, Type.BOOLEAN, false, MEDIUM,
                        TopicConfig.REMOTE_LOG_STORAGE_ENABLE_DOC)
                .define(TopicConfig.LOCAL_LOG_RETENTION_MS_CONFIG, Type.LONG, FOLLOW_RETENTION, atLeast(-2), MEDIUM,
                        TopicConfig.LOCAL_LOG_RETENTION_MS_DOC)
                .define(TopicConfig.LOCAL_LOG_RETENTION_BYTES_CONFIG, Type.LONG, FOLLOW_RETENTION, atLeast(-2),
                        MEDIUM, TopicConfig.LOCAL_LOG_RETENTION_BYTES_DOC)
                .define(TopicConfig.REMOTE_LOG_COPY_DISABLE_CONFIG, Type.BOOLEAN, false, MEDIUM,
                        TopicConfig.REMOTE_LOG_COPY_DISABLE_DOC)
                .define(TopicConfig.REMOTE_COPY_LAG_MS_CONFIG, Type.LONG, 0L, atLeast(-1), MEDIUM,
                        TopicConfig.REMOTE_COPY_LAG_MS_DOC)
                .define(TopicConfig.REMOTE_COPY_LAG_BYTES_CONFIG, Type.LONG, -1L, atLeast(-1), MEDIUM,
                        TopicConfig.REMOTE_COPY_LAG_BYTES_DOC)
                .define(TopicConfig.REMOTE_LOG_DELETE_ON_DISABLE_CONFIG, Type.BOOLEAN, false, MEDIUM,
                        TopicConfig.REMOTE_LOG_DELETE_ON_DISABLE_DOC)
                .define(TopicConfig.ERRORS_DEADLETTERQUEUE_GROUP_ENABLE_CONFIG, Type.BOOLEAN, false, MEDIUM,
                        TopicConfig.ERRORS_DEADLETTERQUEUE_GROUP_ENABLE_DOC)
                .defineInternal(INTERNAL_SEGMENT_BYTES, Type.INT, null, null, MEDIUM,
                        "The maximum size of a single log file. This should be used for testing only.");
    }

    /** Gzip's levels 1 to 9, or -1 for the codec's default, as Kafka's GzipCompression allows. */
    private static ConfigDef.Validator gzipLevel() {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            int level = (Integer) value;
            if ((level < GZIP_MIN_LEVEL || level > GZIP_MAX_LEVEL) && level != GZIP_DEFAULT_LEVEL) {
                throw new ConfigException(name, value, "Value must be between " + GZIP_MIN_LEVEL + " and "
                        + GZIP_MAX_LEVEL + " or equal to " + GZIP_DEFAULT_LEVEL);
            }
        }, () -> "[" + GZIP_MIN_LEVEL + ",...," + GZIP_MAX_LEVEL + "] or " + GZIP_DEFAULT_LEVEL);
    }
}
