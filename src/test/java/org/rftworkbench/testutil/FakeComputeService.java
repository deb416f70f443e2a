package org.rftworkbench.testutil;



import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.service.BasicJobHandle;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.JobHandle;
import org.rftworkbench.core.service.JobRequest;
import org.rftworkbench.core.service.PreviewRequest;
import org.rftworkbench.core.service.PreviewResult;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.ServiceInfo;
import org.rftworkbench.core.service.SweepRequest;

/** A compute service for view-model tests: records submissions; the test completes them by hand. */
public final class FakeComputeService implements ComputeService {
    /** A recorded submission. */
    public static final class Job<R> extends BasicJobHandle<R> {
        public final String key;
        public final Consumer<JobEvent> events;
        public boolean cancelled;

        Job(String id, JobRequest request, Priority priority, String key, Consumer<JobEvent> events) {
            super(id, request, priority);
            this.key = key;
            this.events = events;
        }

        @Override
        public void cancel() {
            cancelled = true;
            events.accept(new JobEvent.Cancelled(id()));
            future.completeExceptionally(new CancellationException());
        }

        public void finish(R result) {
            events.accept(new JobEvent.Finished(id()));
            future.complete(result);
        }
    }

    public final List<Job<PreviewResult>> previews = new ArrayList<>();
    public final List<Job<SweepResult>> sweeps = new ArrayList<>();
    /** Analyses of any type; tests cast the job to the request's result type. */
    public final List<Job<?>> analyses = new ArrayList<>();
    public boolean closed;

    @Override
    public <R> JobHandle<R> analyze(org.rftworkbench.core.service.AnalysisRequest<R> request, Priority priority,
            String key, Consumer<JobEvent> events) {
        Job<R> job = new Job<>("a" + analyses.size(), request, priority, key, events);
        analyses.add(job);
        return job;
    }

    /** The analyses whose request is of this type, in submission order. */
    @SuppressWarnings("unchecked")
    public <R> List<Job<R>> analyses(Class<? extends org.rftworkbench.core.service.AnalysisRequest<R>> type) {
        List<Job<R>> out = new ArrayList<>();
        for (Job<?> j : analyses) {
            if (type.isInstance(j.request())) {
                out.add((Job<R>) j);
            }
        }
        return out;
    }

    @Override
    public JobHandle<PreviewResult> preview(PreviewRequest request, Priority priority, String key,
            Consumer<JobEvent> events) {
        Job<PreviewResult> job = new Job<>("p" + previews.size(), request, priority, key, events);
        previews.add(job);
        return job;
    }

    @Override
    public JobHandle<SweepResult> sweep(SweepRequest request, Priority priority, String key,
            Consumer<JobEvent> events) {
        Job<SweepResult> job = new Job<>("s" + sweeps.size(), request, priority, key, events);
        sweeps.add(job);
        return job;
    }

    @Override
    public ServiceInfo info() {
        return new ServiceInfo("embedded", "fake", List.of("cpu()"), "fp32");
    }

    @Override
    public void close() {
        closed = true;
    }
}
