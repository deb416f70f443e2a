package org.rftworkbench.ui.devtools;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.service.ForwardingComputeService;
import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.JobHandle;
import org.rftworkbench.core.service.PreviewRequest;
import org.rftworkbench.core.service.PreviewResult;
import org.rftworkbench.core.service.Priority;

/**
 * Counts, for the benchmark, how many slider previews were asked for and how many answered: gave at least one
 * estimate to the readouts, or finished exact. Forwards everything else unchanged. Thread-safe.
 */
final class PreviewCounter extends ForwardingComputeService {
    private final ComputeService delegate;
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong exact = new AtomicLong();

    PreviewCounter(ComputeService delegate) {
        this.delegate = delegate;
    }

    /** Previews submitted, answered (a first estimate or the exact value reached the UI), exact; a snapshot. */
    long[] counts() {
        return new long[] {submitted.get(), answered.get(), exact.get()};
    }

    @Override
    public JobHandle<PreviewResult> preview(PreviewRequest request, Priority priority, String key,
            Consumer<JobEvent> events) {
        submitted.incrementAndGet();
        AtomicBoolean answer = new AtomicBoolean();
        JobHandle<PreviewResult> handle = delegate.preview(request, priority, key, event -> {
            if (event instanceof JobEvent.Estimates && answer.compareAndSet(false, true)) {
                answered.incrementAndGet();
            }
            events.accept(event);
        });
        handle.result().thenRun(() -> {
            exact.incrementAndGet();
            if (answer.compareAndSet(false, true)) {
                answered.incrementAndGet();
            }
        });
        return handle;
    }

    @Override
    protected ComputeService delegate() {
        return delegate;
    }
}
