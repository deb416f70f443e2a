package org.rftworkbench.ui.layers;

import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Coalesces bursts of updates into at most one redraw per interval: {@link #request()} from any thread schedules
 * the flush on {@code fx} unless one is already pending, so a job that streams hundreds of cells a second redraws
 * about ten times a second. The flush drains whatever has accumulated by the time it runs. Thread-safe.
 */
public final class FrameThrottle {
    /** The redraw interval of the desktop views: about ten redraws a second at most. */
    public static final long DEFAULT_INTERVAL_MS = 100;

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "frame-throttle");
        t.setDaemon(true);
        return t;
    });

    private final Executor fx;
    private final Runnable flush;
    private final long intervalMs;
    private final AtomicBoolean pending = new AtomicBoolean();

    private FrameThrottle(Executor fx, Runnable flush, long intervalMs) {
        this.fx = fx;
        this.flush = flush;
        this.intervalMs = intervalMs;
    }

    /** Runs {@code flush} on {@code fx} at most once per {@code intervalMs} (the first one after that delay). */
    public static FrameThrottle every(long intervalMs, Executor fx, Runnable flush) {
        return new FrameThrottle(fx, flush, intervalMs);
    }

    /** Runs {@code flush} on {@code fx} at every request, without delay (view-model tests). */
    public static FrameThrottle immediate(Executor fx, Runnable flush) {
        return new FrameThrottle(fx, flush, 0);
    }

    /** Asks for a flush; a no-op while one is already scheduled. */
    public void request() {
        if (intervalMs == 0) {
            fx.execute(flush);
            return;
        }
        if (pending.compareAndSet(false, true)) {
            TIMER.schedule(() -> fx.execute(() -> {
                pending.set(false); // cleared before the flush, so a cell arriving during it schedules another
                flush.run();
            }), intervalMs, TimeUnit.MILLISECONDS);
        }
    }
}
