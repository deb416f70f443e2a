package org.rftworkbench.core.service;

import java.util.function.Consumer;

/**
 * Runs heavy work off the caller's thread: one device thread per accelerator (or one for the CPU) owns the working
 * models; jobs are taken highest {@link Priority} first, FIFO within a priority. A job submitted with a key cancels
 * any older job with the same key that has not finished (latest wins), e.g. key "alpha-preview" for slider moves.
 * Results are served from and written to a content-addressed result cache.
 *
 * <p>Implementations: the embedded service (default) and a client for a remote server; callers cannot tell them
 * apart. Thread-safe. {@link #close()} cancels running jobs, stops all threads it started and waits for them.
 */
public interface ComputeService extends AutoCloseable {
    /** Progressive evaluation of one alpha. */
    JobHandle<PreviewResult> preview(PreviewRequest request, Priority priority, String key, Consumer<JobEvent> events);

    /** Exact sweep over an alpha grid (cells cached as they finish). */
    JobHandle<org.rftworkbench.core.eval.SweepResult> sweep(SweepRequest request, Priority priority, String key,
            Consumer<JobEvent> events);

    /** Engine, devices, precision, and whether this is embedded or a remote URL. */
    ServiceInfo info();

    @Override
    void close();
}
