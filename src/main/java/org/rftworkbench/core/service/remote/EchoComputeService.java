package org.rftworkbench.core.service.remote;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.service.Estimate;
import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.JobHandle;
import org.rftworkbench.core.service.JobRequest;
import org.rftworkbench.core.service.PreviewRequest;
import org.rftworkbench.core.service.PreviewResult;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.ServiceInfo;
import org.rftworkbench.core.service.SweepRequest;

/**
 * A service that computes nothing: every preview is answered at once, on the caller's thread, with one estimates
 * event and a fixed result of realistic size (six datasets, like the sample project). It isolates the cost of the
 * transport in {@link LoopbackOverheadBenchmark}. Sweeps are refused. Thread-safe.
 */
public final class EchoComputeService implements ComputeService {
    private static final List<String> DATASETS = List.of("id_clean", "ood_1", "ood_2", "ood_3", "ood_4", "ood_5");
    private final AtomicLong ids = new AtomicLong();

    @Override
    public JobHandle<PreviewResult> preview(PreviewRequest request, Priority priority, String key,
            Consumer<JobEvent> events) {
        String id = "echo-" + ids.incrementAndGet();
        Map<String, Estimate> datasets = new LinkedHashMap<>();
        for (String name : DATASETS) {
            datasets.put(name, new Estimate(name, 1234, 1600, 1600, 0.77125, 0.7500, 0.7910, 0.6543, true));
        }
        Estimate average = new Estimate("avg_ood", 1080, 1400, 1400, 0.7714, 0.7486, 0.7927, 0.70, true);
        events.accept(new JobEvent.Estimates(id, request.alpha(), List.copyOf(datasets.values()), average));
        events.accept(new JobEvent.Finished(id));
        return new Handle<>(id, request, priority,
                CompletableFuture.completedFuture(new PreviewResult(request.alpha(), datasets, average, false)));
    }

    @Override
    public JobHandle<SweepResult> sweep(SweepRequest request, Priority priority, String key,
            Consumer<JobEvent> events) {
        String id = "echo-" + ids.incrementAndGet();
        String message = "the echo service runs no sweeps";
        events.accept(new JobEvent.Failed(id, message, null));
        return new Handle<>(id, request, priority, CompletableFuture.failedFuture(new RftException(message)));
    }

    @Override
    public <R> JobHandle<R> analyze(org.rftworkbench.core.service.AnalysisRequest<R> request, Priority priority,
            String key, Consumer<JobEvent> events) {
        String id = "echo-" + ids.incrementAndGet();
        String message = "the echo service runs no analyses";
        events.accept(new JobEvent.Failed(id, message, null));
        return new Handle<>(id, request, priority, CompletableFuture.failedFuture(new RftException(message)));
    }

    @Override
    public ServiceInfo info() {
        return new ServiceInfo("embedded", "echo (no engine)", List.of(), "fp32");
    }

    @Override
    public void close() {
        // no threads, nothing to release
    }

    private record Handle<R>(String id, JobRequest request, Priority priority, CompletableFuture<R> result)
            implements JobHandle<R> {
        @Override
        public void cancel() {
            // already complete
        }
    }
}
