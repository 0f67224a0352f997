package io.quire.campaigns.history;

import java.util.OptionalLong;

/**
 * What the cluster holds of one topic at the end of a run.
 *
 * @param retentionMs the topic's own retention.ms, empty when it has none (the broker default)
 */
public record TopicState(int partitions, OptionalLong retentionMs) {}
