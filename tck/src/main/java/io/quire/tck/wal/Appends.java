package io.quire.tck.wal;

import io.quire.spi.wal.MetadataWal;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Issues appends and waits for them, always within a bound, turning every way an append can go
 * wrong into an {@link AssertionError} that names the rule being checked.
 */
final class Appends {

    /** How long one append may take to complete; generous, as CI machines force slowly. */
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private Appends() {}

    /** Calls {@code append}, which must report every failure through its future, never by throwing. */
    static CompletableFuture<Long> start(WalRule rule, MetadataWal wal, long epoch, byte[] payload) {
        try {
            return wal.append(epoch, payload);
        } catch (RuntimeException e) {
            throw new AssertionError(rule.that("append(epoch %d, %d bytes) must report failures through its"
                    + " future, but threw %s", epoch, payload.length, e), e);
        }
    }

    /** Appends and waits until the record is durable; returns its offset. */
    static long durably(WalRule rule, MetadataWal wal, long epoch, byte[] payload) {
        return offsetOf(rule, start(rule, wal, epoch, payload));
    }

    /** Waits for an append that must succeed; returns its offset. */
    static long offsetOf(WalRule rule, CompletableFuture<Long> append) {
        try {
            Long offset = append.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (offset == null) {
                throw new AssertionError(rule.that("an append completed with a null offset"));
            }
            return offset;
        } catch (ExecutionException e) {
            throw new AssertionError(rule.that("an append failed: %s", e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(rule.that("an append did not complete within %s", TIMEOUT), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(rule.that("interrupted while waiting for an append"), e);
        }
    }

    /**
     * Waits for an append that must fail; returns why. A future that completes normally, or not
     * within the bound, breaks the rule.
     */
    static Throwable failureOf(WalRule rule, CompletableFuture<Long> append, String why) {
        try {
            Long offset = append.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError(rule.that("%s, but the append succeeded at offset %d", why, offset));
        } catch (ExecutionException e) {
            return unwrap(e.getCause());
        } catch (CancellationException e) {
            return e;
        } catch (TimeoutException e) {
            throw new AssertionError(rule.that("%s, but the append neither failed nor succeeded within %s",
                    why, TIMEOUT), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(rule.that("interrupted while waiting for an append"), e);
        }
    }

    /** Waits until an append completed either way; returns its failure, or empty when it succeeded. */
    static Optional<Throwable> settle(WalRule rule, CompletableFuture<Long> append) {
        try {
            append.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.of(unwrap(e.getCause()));
        } catch (CancellationException e) {
            return Optional.of(e);
        } catch (TimeoutException e) {
            throw new AssertionError(rule.that("an append neither failed nor succeeded within %s", TIMEOUT), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(rule.that("interrupted while waiting for an append"), e);
        }
    }

    /** Whether {@code type} appears anywhere in the cause chain of {@code failure}. */
    static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static Throwable unwrap(Throwable failure) {
        // A plugin composing futures may wrap its exception once more; the rule is about the cause.
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
