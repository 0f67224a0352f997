package io.quire.compat;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/**
 * What one admin call came to, in a form two servers' answers can be compared in: the value it
 * returned, or the class of the Kafka exception it failed with (each error code has its own).
 */
record Outcome(Object value, Class<? extends Throwable> error) {

    static Outcome of(Callable<?> call) throws Exception {
        try {
            return success(call.call());
        } catch (ExecutionException e) {
            return failure(e.getCause().getClass());
        }
    }

    static Outcome success(Object value) {
        return new Outcome(value, null);
    }

    static Outcome failure(Class<? extends Throwable> error) {
        return new Outcome(null, error);
    }

    @Override
    public String toString() {
        return error == null ? "returned " + value : "failed with " + error.getSimpleName();
    }
}
