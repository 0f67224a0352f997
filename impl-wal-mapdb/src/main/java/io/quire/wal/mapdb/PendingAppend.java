package io.quire.wal.mapdb;

import java.util.concurrent.CompletableFuture;

/**
 * An accepted append waiting for the writer thread.
 *
 * @param epoch the epoch the record is written with
 * @param payload the record's bytes, owned by the WAL from now on
 * @param result completed with the record's offset once its commit is durable
 */
record PendingAppend(long epoch, byte[] payload, CompletableFuture<Long> result) {}
