package org.rftworkbench.core.service.remote;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.service.BasicJobHandle;
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
 * A compute service that runs no model: each job emits {@link #steps} rounds of Progress + Estimates, pausing
 * {@link #stepMillis} between rounds (polling cancellation), then finishes with a fixed result or fails with
 * {@link #failWith}. Records the requests it received and every event it emitted, per job.
 */
final class FakeComputeService implements ComputeService {
    volatile int steps = 3;
    volatile long stepMillis;
    volatile RftException failWith;
    /** Complete the future before emitting the terminal event (the other order is the default). */
    volatile boolean completeBeforeTerminalEvent;

    final List<JobRequest> received = new CopyOnWriteArrayList<>();
    final Map<String, List<JobEvent>> emitted = new ConcurrentHashMap<>();
    final Map<String, FakeJob<?>> jobs = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-job-" + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    static PreviewResult previewResult(double alpha) {
        Map<String, Estimate> datasets = new LinkedHashMap<>();
        datasets.put("id", new Estimate("id", 90, 100, 100, 0.9, 0.8256, 0.9448, 0.31, true));
        datasets.put("sketch", new Estimate("sketch", 41, 100, 100, 0.41, 0.3175, 0.5092, Double.NaN, true));
        return new PreviewResult(alpha, datasets, new Estimate("avg_ood", 41, 100, 100, 0.41, 0.3175, 0.5092,
                1.7, true), false);
    }

    static SweepResult sweepResult(List<Double> alphas) {
        List<SweepResult.Point> points = new ArrayList<>();
        for (double a : alphas) {
            Map<String, SweepResult.Metrics> m = new LinkedHashMap<>();
            m.put("id", new SweepResult.Metrics("id", 100, 0.5 + a / 4, 0.9, 1.25));
            m.put("sketch", new SweepResult.Metrics("ood", 100, 0.4 - a / 8, 0.8, 2.5));
            points.add(new SweepResult.Point(a, m, 0.4 - a / 8));
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("batchSize", 16);
        settings.put("alphaConvention", "theta = (1-alpha) A + alpha B");
        SweepResult.Provenance provenance = new SweepResult.Provenance("project.json", "ViT tiny",
                new SweepResult.Checkpoint("zero-shot", "a.safetensors", "aa"),
                new SweepResult.Checkpoint("fine-tuned", "b.safetensors", "bb"),
                Map.of("id", new SweepResult.Dataset("id", 100, "k1")), settings, "PyTorch (fake)");
        return new SweepResult("rft-workbench", "test", "2024-01-01T00:00:00Z", provenance, points);
    }

    @Override
    public JobHandle<PreviewResult> preview(PreviewRequest request, Priority priority, String key,
            Consumer<JobEvent> events) {
        return start(request, priority, events, () -> previewResult(request.alpha()));
    }

    @Override
    public JobHandle<SweepResult> sweep(SweepRequest request, Priority priority, String key,
            Consumer<JobEvent> events) {
        return start(request, priority, events, () -> sweepResult(request.alphas()));
    }

    @Override
    public <R> JobHandle<R> analyze(org.rftworkbench.core.service.AnalysisRequest<R> request, Priority priority,
            String key, Consumer<JobEvent> events) {
        return start(request, priority, events, () -> request.resultType().cast(analysisResult.apply(request)));
    }

    /** What analyses return (tests set it); by default they fail. */
    volatile java.util.function.Function<org.rftworkbench.core.service.AnalysisRequest<?>, Object> analysisResult =
            r -> {
                throw new IllegalStateException("no analysis result configured");
            };

    private <R> JobHandle<R> start(JobRequest request, Priority priority, Consumer<JobEvent> events,
            Supplier<R> result) {
        received.add(request);
        FakeJob<R> job = new FakeJob<>("fake-" + ids.incrementAndGet(), request, priority);
        jobs.put(job.id(), job);
        List<JobEvent> log = Collections.synchronizedList(new ArrayList<>());
        emitted.put(job.id(), log);
        Consumer<JobEvent> emit = e -> {
            log.add(e);
            events.accept(e);
        };
        job.emit = emit;
        pool.execute(() -> run(job, emit, result));
        return job;
    }

    private <R> void run(FakeJob<R> job, Consumer<JobEvent> emit, Supplier<R> result) {
        try {
            for (int i = 0; i < steps; i++) {
                emit.accept(new JobEvent.Progress(job.id(), "evaluate", i, steps));
                Estimate e = new Estimate("id", 9L * (i + 1), 10L * (i + 1), 100, 0.9, 0.6, 0.98, 0.3, false);
                emit.accept(new JobEvent.Estimates(job.id(), 0.5, List.of(e), null));
                long until = System.nanoTime() + stepMillis * 1_000_000L;
                while (System.nanoTime() < until && !job.cancelled) {
                    Thread.sleep(1);
                }
                if (job.cancelled) {
                    finish(job, new JobEvent.Cancelled(job.id()), () -> job.result().cancel(false));
                    return;
                }
            }
            RftException failure = failWith;
            if (failure != null) {
                finish(job, new JobEvent.Failed(job.id(), failure.getMessage(),
                        "java.lang.IllegalStateException: inner\n\tat org.rftworkbench.Fake.run(Fake.java:1)\n"
                        + "\t... 3 more"), () -> job.result().completeExceptionally(failure));
            } else {
                R value = result.get();
                finish(job, new JobEvent.Finished(job.id()), () -> job.result().complete(value));
            }
        } catch (InterruptedException e) {
            job.result().cancel(false);
        }
    }

    private void finish(FakeJob<?> job, JobEvent terminal, Runnable complete) {
        Consumer<JobEvent> emit = job.emit;
        if (completeBeforeTerminalEvent) {
            complete.run();
            emit.accept(terminal);
        } else {
            emit.accept(terminal);
            complete.run();
        }
    }

    @Override
    public ServiceInfo info() {
        return new ServiceInfo("embedded", "Fake engine", List.of("cpu()"), "fp32");
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A fake job; cancellation is a flag the job polls. */
    static final class FakeJob<R> extends BasicJobHandle<R> {
        volatile boolean cancelled;
        volatile Consumer<JobEvent> emit;

        FakeJob(String id, JobRequest request, Priority priority) {
            super(id, request, priority);
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }
}
