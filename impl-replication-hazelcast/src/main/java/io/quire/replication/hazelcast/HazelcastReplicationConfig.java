package io.quire.replication.hazelcast;

/**
 * The settings of one node's transport.
 *
 * @param host the address the member binds
 * @param port the member's port
 * @param clusterName Hazelcast's cluster name
 * @param ringCapacity batches each epoch's Ringbuffer holds before overwriting the oldest
 * @param batchRecords most records per published batch and per catch-up answer
 * @param callTimeoutMs how long a follower waits for the leader's answer to one call
 * @param retryBackoffMs pause before a follower retries after a failed call or a refused answer
 * @param failureTimeoutSeconds how long a silent member stays in the cluster before it is removed
 */
record HazelcastReplicationConfig(String host, int port, String clusterName, int ringCapacity, int batchRecords,
        int callTimeoutMs, int retryBackoffMs, int failureTimeoutSeconds) {}
