package io.quire.tck.consensus;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Every wait of the consensus kit: bounded, polled by Awaitility, and reported as a failure of the
 * rule that waited, saying what was expected and what was found instead.
 */
final class Waits {

    private static final Duration POLL = Duration.ofMillis(20);
    /** How long past a quiet window a violation may take to show before the window is judged. */
    private static final Duration QUIET_GRACE = Duration.ofSeconds(1);

    private Waits() {}

    /** Waits until {@code probe} finds something, and returns it. */
    static <T> T until(ConRule rule, Duration atMost, String what, Supplier<String> found,
            Supplier<Optional<T>> probe) {
        try {
            return Awaitility.await().atMost(atMost).pollInterval(POLL).until(probe::get, Optional::isPresent)
                    .orElseThrow();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(rule.that("expected within %d ms that %s, but %s", atMost.toMillis(), what,
                    found.get()), e);
        }
    }

    static void until(ConRule rule, Duration atMost, String what, Supplier<String> found, BooleanSupplier condition) {
        until(rule, atMost, what, found, () -> condition.getAsBoolean() ? Optional.of(true) : Optional.empty());
    }

    /** Checks that {@code condition} holds for the whole {@code window}: something that must not happen did not. */
    static void during(ConRule rule, Duration window, String what, Supplier<String> found, BooleanSupplier condition) {
        try {
            Awaitility.await().during(window).atMost(window.plus(QUIET_GRACE)).pollInterval(POLL)
                    .until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(rule.that("expected for %d ms that %s, but %s", window.toMillis(), what,
                    found.get()), e);
        }
    }

    /** The value {@code future} completes with, within {@code atMost}. */
    static <T> T result(ConRule rule, String what, Supplier<CompletableFuture<T>> call, Duration atMost) {
        CompletableFuture<T> future = start(rule, what, call);
        try {
            return future.get(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(rule.that("%s failed: %s", what, trace(e.getCause())), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(rule.that("%s did not complete within %d ms", what, atMost.toMillis()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(rule.that("interrupted waiting for %s", what), e);
        }
    }

    /** The failure {@code future} completes with, within {@code atMost}; completing with a value breaks the rule. */
    static <T> Throwable failure(ConRule rule, String what, Supplier<CompletableFuture<T>> call, Duration atMost) {
        CompletableFuture<T> future = start(rule, what, call);
        try {
            Object value = future.get(atMost.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError(rule.that("%s should fail, but it completed with %s", what, value));
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError(rule.that("%s should fail, but it neither failed nor completed within %d ms",
                    what, atMost.toMillis()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(rule.that("interrupted waiting for %s", what), e);
        }
    }

    /** Runs {@code action} on another thread, which must return within {@code atMost}. */
    static void completes(ConRule rule, String what, Runnable action, Duration atMost) {
        result(rule, what, () -> CompletableFuture.runAsync(action), atMost);
    }

    static String trace(Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }

    /** The plugin's future; a plugin that throws instead breaks the SPI, which promises a future. */
    private static <T> CompletableFuture<T> start(ConRule rule, String what, Supplier<CompletableFuture<T>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw new AssertionError(rule.that("%s threw instead of returning a future: %s", what, e), e);
        }
    }
}
