package org.rftworkbench.core.service;

import java.util.concurrent.CompletableFuture;

/**
 * A submitted job. Thread-safe.
 *
 * @param <R> result type
 */
public interface JobHandle<R> {
    String id();

    JobRequest request();

    Priority priority();

    /**
     * Completes with the result, or exceptionally with {@link java.util.concurrent.CancellationException} when
     * cancelled, or with the failure (an {@link org.rftworkbench.core.RftException} for problems the user can fix).
     */
    CompletableFuture<R> result();

    /** Requests cooperative cancellation; the job stops at its next batch. Idempotent. */
    void cancel();
}
