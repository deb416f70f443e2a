package org.rftworkbench.core.service;

import java.util.function.Consumer;
import org.rftworkbench.core.eval.CoarseFirstOrder;

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

    /**
     * A layer analysis: the sharpness heatmap ({@link SharpnessRequest}, cells reported as
     * {@link JobEvent.SharpnessCell} events and cached as they finish), the layer-wise instability and stragglers
     * ({@link StragglerRequest}) or a sparsified interpolation path ({@link SparsityRequest}).
     *
     * @param <R> the request's result type ({@link AnalysisRequest#resultType()})
     */
    <R> JobHandle<R> analyze(AnalysisRequest<R> request, Priority priority, String key, Consumer<JobEvent> events);

    /**
     * Background precompute of an alpha grid: a {@link Priority#BACKGROUND} sweep of the grid ordered coarse-first
     * ({@link CoarseFirstOrder}: ends, middle, quarters, ...) under the key "precompute:PROJECT", so a newer
     * precompute of the same project supersedes it and an interrupted one has covered the range coarsely. Every cell
     * lands in the result cache.
     */
    default JobHandle<org.rftworkbench.core.eval.SweepResult> precompute(String project, java.util.List<Double> grid,
            Consumer<JobEvent> events) {
        return sweep(new SweepRequest(project, CoarseFirstOrder.of(grid), null, null, null), Priority.BACKGROUND,
                "precompute:" + project, events);
    }

    /** Engine, devices, precision, and whether this is embedded or a remote URL. */
    ServiceInfo info();

    @Override
    void close();
}
