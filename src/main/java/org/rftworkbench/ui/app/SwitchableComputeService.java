package org.rftworkbench.ui.app;

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
 * Lets the window move from the embedded service to a remote server (File > Connect to Server) and back without
 * rebuilding its views: new jobs go to the current target. Thread-safe.
 */
final class SwitchableComputeService implements ComputeService {
    private volatile ComputeService target;

    SwitchableComputeService(ComputeService initial) {
        this.target = initial;
    }

    /** Switches and returns the previous target (the caller closes it, off the FX thread). */
    ComputeService switchTo(ComputeService next) {
        ComputeService previous = target;
        target = next;
        return previous;
    }

    @Override
    public JobHandle<PreviewResult> preview(PreviewRequest request, Priority priority, String key,
            Consumer<JobEvent> events) {
        return target.preview(request, priority, key, events);
    }

    @Override
    public JobHandle<SweepResult> sweep(SweepRequest request, Priority priority, String key,
            Consumer<JobEvent> events) {
        return target.sweep(request, priority, key, events);
    }

    @Override
    public <R> JobHandle<R> analyze(org.rftworkbench.core.service.AnalysisRequest<R> request, Priority priority,
            String key, Consumer<JobEvent> events) {
        return target.analyze(request, priority, key, events);
    }

    @Override
    public ServiceInfo info() {
        return target.info();
    }

    @Override
    public void close() {
        target.close();
    }
}
