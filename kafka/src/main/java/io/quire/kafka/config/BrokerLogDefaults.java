package io.quire.kafka.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The broker configs that supply topic configs their defaults (Kafka's
 * {@code ServerTopicConfigSynonyms}), as a Quire node reports them: it sets none of them, so each
 * has Kafka's broker default.
 *
 * <p>Kafka names a topic config's broker synonym in DescribeConfigs only when the broker config of
 * highest precedence has a value: {@code retention.ms} comes from {@code log.retention.ms}, which
 * has no default (the value comes from {@code log.retention.hours} instead), so Kafka lists no
 * synonym for it. The table below holds the synonyms Kafka does list; each broker default equals
 * the topic default.
 */
final class BrokerLogDefaults {

    /** Topic config name to the broker config that supplies its default. */
    private static final Map<String, String> SYNONYMS = new LinkedHashMap<>();

    /** Broker configs with no default of their own, and their types: Kafka describes them with a null value. */
    static final Map<String, Type> WITHOUT_DEFAULT = Map.of(
            "log.roll.ms", Type.LONG,
            "log.roll.jitter.ms", Type.LONG,
            "log.retention.ms", Type.LONG,
            "log.retention.minutes", Type.INT,
            "log.flush.interval.ms", Type.LONG);

    /** Broker configs that back a topic config without being its synonym of highest precedence. */
    static final Map<String, String> FALLBACK_DEFAULTS = Map.of(
            "log.roll.hours", "168",
            "log.roll.jitter.hours", "0",
            "log.retention.hours", "168",
            "log.flush.scheduler.interval.ms", Long.toString(Long.MAX_VALUE));

    /** The types of {@link #FALLBACK_DEFAULTS}. */
    static final Map<String, Type> FALLBACK_TYPES = Map.of(
            "log.roll.hours", Type.INT,
            "log.roll.jitter.hours", Type.INT,
            "log.retention.hours", Type.INT,
            "log.flush.scheduler.interval.ms", Type.LONG);

    static {
        SYNONYMS.put(TopicConfig.SEGMENT_BYTES_CONFIG, "log.segment.bytes");
        SYNONYMS.put(TopicConfig.SEGMENT_INDEX_BYTES_CONFIG, "log.index.size.max.bytes");
        SYNONYMS.put(TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG, "log.flush.interval.messages");
        SYNONYMS.put(TopicConfig.RETENTION_BYTES_CONFIG, "log.retention.bytes");
        SYNONYMS.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "message.max.bytes");
        SYNONYMS.put(TopicConfig.MAX_DECOMPRESSED_MESSAGE_BYTES_CONFIG, "max.decompressed.message.bytes");
        SYNONYMS.put(TopicConfig.INDEX_INTERVAL_BYTES_CONFIG, "log.index.interval.bytes");
        SYNONYMS.put(TopicConfig.DELETE_RETENTION_MS_CONFIG, "log.cleaner.delete.retention.ms");
        SYNONYMS.put(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "log.cleaner.min.compaction.lag.ms");
        SYNONYMS.put(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, "log.cleaner.max.compaction.lag.ms");
        SYNONYMS.put(TopicConfig.FILE_DELETE_DELAY_MS_CONFIG, "log.segment.delete.delay.ms");
        SYNONYMS.put(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "log.cleaner.min.cleanable.ratio");
        SYNONYMS.put(TopicConfig.CLEANUP_POLICY_CONFIG, "log.cleanup.policy");
        SYNONYMS.put(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, "unclean.leader.election.enable");
        SYNONYMS.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "min.insync.replicas");
        SYNONYMS.put(TopicConfig.COMPRESSION_TYPE_CONFIG, "compression.type");
        SYNONYMS.put(TopicConfig.COMPRESSION_GZIP_LEVEL_CONFIG, "compression.gzip.level");
        SYNONYMS.put(TopicConfig.COMPRESSION_LZ4_LEVEL_CONFIG, "compression.lz4.level");
        SYNONYMS.put(TopicConfig.COMPRESSION_ZSTD_LEVEL_CONFIG, "compression.zstd.level");
        SYNONYMS.put(TopicConfig.PREALLOCATE_CONFIG, "log.preallocate");
        SYNONYMS.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "log.message.timestamp.type");
        SYNONYMS.put(TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG, "log.message.timestamp.before.max.ms");
        SYNONYMS.put(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, "log.message.timestamp.after.max.ms");
        SYNONYMS.put(TopicConfig.LOCAL_LOG_RETENTION_MS_CONFIG, "log.local.retention.ms");
        SYNONYMS.put(TopicConfig.LOCAL_LOG_RETENTION_BYTES_CONFIG, "log.local.retention.bytes");
        SYNONYMS.put(TopicConfig.REMOTE_COPY_LAG_MS_CONFIG, "log.remote.copy.lag.ms");
        SYNONYMS.put(TopicConfig.REMOTE_COPY_LAG_BYTES_CONFIG, "log.remote.copy.lag.bytes");
    }

    private BrokerLogDefaults() {}

    /** The broker config DescribeConfigs names as the default of a topic config, if any. */
    static Optional<String> synonymOf(String topicConfig) {
        return Optional.ofNullable(SYNONYMS.get(topicConfig));
    }

    /** Topic config name to broker synonym, in a fixed order. */
    static Map<String, String> synonyms() {
        return SYNONYMS;
    }
}
