package org.rftworkbench.core.service;

import java.util.function.Consumer;
import org.rftworkbench.core.eval.SweepResult;

/**
 * A compute service that passes every call to {@link #delegate()}; subclasses override the calls they observe or
 * redirect (switching services, counting previews, checking threads). Thread-safe as the delegate is, provided
 * {@link #delegate()} is.
 */
public abstract class ForwardingComputeService implements ComputeService {
    /** The service calls go to; may change between calls (e.g. after switching to a remote server). */
    protected abstract ComputeService delegate();

    @Override
    public JobHandle<PreviewResult> preview(PreviewRequest request, Priority priority, String key,
            Consumer<JobEvent> events) {
        return delegate().preview(request, priority, key, events);
    }

    @Override
    public JobHandle<SweepResult> sweep(SweepRequest request, Priority priority, String key,
            Consumer<JobEvent> events) {
        return delegate().sweep(request, priority, key, events);
    }

    @Override
    public <R> JobHandle<R> analyze(AnalysisRequest<R> request, Priority priority, String key,
            Consumer<JobEvent> events) {
        return delegate().analyze(request, priority, key, events);
    }

    @Override
    public ServiceInfo info() {
        return delegate().info();
    }

    @Override
    public void close() {
        delegate().close();
    }
}
