package org.rftworkbench.core.service;

import java.util.concurrent.CompletableFuture;

/**
 * The parts every {@link JobHandle} outside the embedded service shares: a fixed id, request and priority, and the
 * future the result arrives in. Subclasses decide what {@link #cancel()} does. Thread-safe.
 *
 * @param <R> result type
 */
public abstract class BasicJobHandle<R> implements JobHandle<R> {
    private final String id;
    private final JobRequest request;
    private final Priority priority;
    /** Completed by the subclass (or its owner) with the result, a failure or a cancellation. */
    protected final CompletableFuture<R> future = new CompletableFuture<>();

    protected BasicJobHandle(String id, JobRequest request, Priority priority) {
        this.id = id;
        this.request = request;
        this.priority = priority;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final JobRequest request() {
        return request;
    }

    @Override
    public final Priority priority() {
        return priority;
    }

    @Override
    public final CompletableFuture<R> result() {
        return future;
    }
}
