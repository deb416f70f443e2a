package org.rftworkbench.ui.jobs;

import java.util.function.Consumer;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.JobHandle;
import org.rftworkbench.core.service.PreviewRequest;
import org.rftworkbench.core.service.PreviewResult;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.ServiceInfo;
import org.rftworkbench.core.service.SweepRequest;

/**
 * The UI's single entry to the compute service: forwards every submission and shows it in the jobs panel, so no view
 * has to remember to register its jobs. Thread-safe as the wrapped service is.
 */
public final class TrackingComputeService implements ComputeService {
    private final ComputeService delegate;
    private final JobsViewModel jobs;

    public TrackingComputeService(ComputeService delegate, JobsViewModel jobs) {
        this.delegate = delegate;
        this.jobs = jobs;
    }

    @Override
    public JobHandle<PreviewResult> preview(PreviewRequest request, Priority priority, String key,
            Consumer<JobEvent> events) {
        Tee tee = new Tee(events);
        JobHandle<PreviewResult> handle = delegate.preview(request, priority, key, tee);
        tee.attach(jobs.track(handle));
        return handle;
    }

    @Override
    public JobHandle<SweepResult> sweep(SweepRequest request, Priority priority, String key,
            Consumer<JobEvent> events) {
        Tee tee = new Tee(events);
        JobHandle<SweepResult> handle = delegate.sweep(request, priority, key, tee);
        tee.attach(jobs.track(handle));
        return handle;
    }

    @Override
    public <R> JobHandle<R> analyze(org.rftworkbench.core.service.AnalysisRequest<R> request, Priority priority,
            String key, Consumer<JobEvent> events) {
        Tee tee = new Tee(events);
        JobHandle<R> handle = delegate.analyze(request, priority, key, tee);
        tee.attach(jobs.track(handle));
        return handle;
    }

    @Override
    public ServiceInfo info() {
        return delegate.info();
    }

    @Override
    public void close() {
        delegate.close();
    }

    /**
     * Sends each event to the view's listener and to the jobs panel. Events that arrive before the handle is known
     * (the service may start at once) are buffered and replayed to the panel on attach.
     */
    private static final class Tee implements Consumer<JobEvent> {
        private final Consumer<JobEvent> first;
        private final java.util.List<JobEvent> early = new java.util.ArrayList<>();
        private Consumer<JobEvent> second;

        Tee(Consumer<JobEvent> first) {
            this.first = first;
        }

        synchronized void attach(Consumer<JobEvent> panel) {
            second = panel;
            early.forEach(panel);
            early.clear();
        }

        @Override
        public void accept(JobEvent event) {
            first.accept(event);
            synchronized (this) {
                if (second == null) {
                    early.add(event);
                } else {
                    second.accept(event);
                }
            }
        }
    }
}
