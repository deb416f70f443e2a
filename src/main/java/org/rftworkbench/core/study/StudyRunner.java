package org.rftworkbench.core.study;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.layers.StragglerAnalysis;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.JobHandle;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.sharpness.SharpnessResult;

/**
 * Runs a study through a {@link ComputeService}: for each run in turn its sweep, straggler analysis and sharpness
 * heatmap ({@link PairRequests}), then the row and, at the end, the cross-pair analysis. Every cell goes through
 * the service's result cache, so an interrupted study resumes where it stopped and shares its cells with the
 * single-pair commands and the window. The calling thread blocks; call it off the FX thread. One study at a time per
 * runner; {@link #cancel()} may be called from any thread.
 */
public final class StudyRunner {
    /** What the study is doing; called on the study's thread. */
    public interface Listener {
        /**
         * A stage of a pair starts.
         *
         * @param index 0-based index of the run
         * @param runs  runs in the study
         * @param run   the run's label
         * @param stage "sweep", "stragglers" or "sharpness"
         */
        void stage(int index, int runs, String run, String stage);

        /** A pair's row is complete. */
        default void row(int index, int runs, PairRow row) {
        }
    }

    private final ComputeService service;
    private volatile JobHandle<?> current;
    private volatile boolean cancelled;

    public StudyRunner(ComputeService service) {
        this.service = service;
    }

    /**
     * The study of {@code project} (its file as the service knows it).
     *
     * @param events every job's events (progress, notes, cache use), may be null
     * @throws CancellationException when {@link #cancel()} was called
     */
    public StudyResult run(LoadedProject project, StudySettings settings, Priority priority,
            Consumer<JobEvent> events, Listener listener) throws Exception {
        List<String> runs = PairRequests.runs(project, settings);
        Consumer<JobEvent> sink = events != null ? events : e -> { };
        List<PairRow> rows = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            String run = runs.get(i);
            PairRequests requests = PairRequests.of(project, settings, run);
            listener.stage(i, runs.size(), run, "sweep");
            SweepResult sweep = await(service.sweep(requests.sweep(), priority, null, sink));
            listener.stage(i, runs.size(), run, "stragglers");
            StragglerAnalysis.Result stragglers = await(service.analyze(requests.stragglers(), priority, null,
                    sink));
            listener.stage(i, runs.size(), run, "sharpness");
            SharpnessResult sharpness = await(service.analyze(requests.sharpness(), priority, null, sink));
            PairRow row = StudyMeasures.row(run, metadata(project, run), settings, requests.idDataset(), sweep,
                    stragglers, sharpness);
            rows.add(row);
            listener.row(i, runs.size(), row);
        }
        return StudyResult.of(project.file().toString(), settings, rows);
    }

    /** Cancels the running job and stops the study before its next job. */
    public void cancel() {
        cancelled = true;
        JobHandle<?> job = current;
        if (job != null) {
            job.cancel();
        }
    }

    private <R> R await(JobHandle<R> job) throws Exception {
        current = job;
        if (cancelled) {
            job.cancel();
        }
        try {
            return job.result().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw (Error) e.getCause();
        } finally {
            current = null;
        }
    }

    private static Map<String, Object> metadata(LoadedProject project, String run) {
        return project.spec().run(run).map(ProjectSpec.Run::metadata).orElse(Map.of());
    }
}
