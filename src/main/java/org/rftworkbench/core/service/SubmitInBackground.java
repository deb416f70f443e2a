package org.rftworkbench.core.service;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.rftworkbench.core.eval.SweepResult;

/**
 * Makes submitting non-blocking for a service whose submit calls block (the remote client posts each job over the
 * network before it returns): every call returns a handle at once and the real submission happens, in call order,
 * on one background thread. Cancelling before the real job exists cancels it as soon as it does; a submission that
 * fails completes the handle exceptionally and publishes {@link JobEvent.Failed}. Used by the desktop app, whose FX
 * thread submits. Thread-safe; {@link #close()} closes the wrapped service after the pending submissions.
 */
public final class SubmitInBackground implements ComputeService {
    private final ComputeService delegate;
    private final ExecutorService submitter = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "job-submitter");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong ids = new AtomicLong();

    public SubmitInBackground(ComputeService delegate) {
        this.delegate = delegate;
    }

    @Override
    public JobHandle<PreviewResult> preview(PreviewRequest request, Priority priority, String key,
            Consumer<JobEvent> events) {
        return later(request, priority, events, () -> delegate.preview(request, priority, key, events));
    }

    @Override
    public JobHandle<SweepResult> sweep(SweepRequest request, Priority priority, String key,
            Consumer<JobEvent> events) {
        return later(request, priority, events, () -> delegate.sweep(request, priority, key, events));
    }

    @Override
    public <R> JobHandle<R> analyze(AnalysisRequest<R> request, Priority priority, String key,
            Consumer<JobEvent> events) {
        return later(request, priority, events, () -> delegate.analyze(request, priority, key, events));
    }

    /** Answered by the wrapped service (the remote client answers from what the server said when connecting). */
    @Override
    public ServiceInfo info() {
        return delegate.info();
    }

    @Override
    public void close() {
        submitter.shutdown();
        try {
            submitter.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        delegate.close();
    }

    private <R> JobHandle<R> later(JobRequest request, Priority priority, Consumer<JobEvent> events,
            Supplier<JobHandle<R>> submit) {
        Pending<R> pending = new Pending<>("pending-" + ids.incrementAndGet(), request, priority);
        submitter.execute(() -> {
            JobHandle<R> real;
            try {
                real = submit.get();
            } catch (RuntimeException e) {
                events.accept(new JobEvent.Failed(pending.id(), e.getMessage(), null));
                pending.future.completeExceptionally(e);
                return;
            }
            pending.attach(real);
        });
        return pending;
    }

    /** The handle returned at once; forwards cancel and the result once the real job exists. */
    private static final class Pending<R> extends BasicJobHandle<R> {
        private JobHandle<R> real;
        private boolean cancelled;

        Pending(String id, JobRequest request, Priority priority) {
            super(id, request, priority);
        }

        void attach(JobHandle<R> handle) {
            boolean cancelNow;
            synchronized (this) {
                real = handle;
                cancelNow = cancelled;
            }
            handle.result().whenComplete((r, e) -> {
                if (e != null) {
                    future.completeExceptionally(e);
                } else {
                    future.complete(r);
                }
            });
            if (cancelNow) {
                handle.cancel();
            }
        }

        @Override
        public void cancel() {
            JobHandle<R> target;
            synchronized (this) {
                cancelled = true;
                target = real;
            }
            if (target != null) {
                target.cancel();
            }
        }
    }
}
