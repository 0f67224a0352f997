package io.quire.api.command;

/**
 * A change to the cluster metadata: the unit written to the metadata log, replicated and applied.
 *
 * <p>A command carries every value its application needs (topic ids, replica assignments), so that
 * applying it is a deterministic function of the state: every node that applies the same commands
 * in the same order reaches the same state.
 */
public sealed interface MetadataCommand permits CreateTopic, DeleteTopic, RegisterBroker, CreatePartitions,
        AlterTopicConfigs {}
