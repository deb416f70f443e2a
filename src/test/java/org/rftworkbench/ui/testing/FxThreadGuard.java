package org.rftworkbench.ui.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;

/**
 * Watches the JavaFX Application Thread while a UI test runs and collects what it must never do: file reads and writes
 * and socket I/O (exact, from JDK Flight Recorder events, through {@link FxIoEventMonitor}) and DJL, compute or file
 * system frames such as opening, listing or deleting files (sampled about every millisecond, through
 * {@link FxStackSampler}). Use {@code start()} after the toolkit is up, drive the UI, then {@code stop()} (or close it)
 * and assert {@link #violations()} is empty ({@link #report()} prints each one with its stack). Violations with the
 * same kind and subject are reported once. Works on JDK 17 to 25; not for production.
 */
public final class FxThreadGuard implements AutoCloseable {
    private final Map<String, FxThreadViolation> violations = new LinkedHashMap<>();
    private final FxIoEventMonitor io;
    private final FxStackSampler sampler;
    private boolean stopped;

    private FxThreadGuard(Thread fxThread) {
        io = new FxIoEventMonitor(fxThread, this::record);
        sampler = new FxStackSampler(fxThread, this::record);
    }

    /** Starts watching; the JavaFX toolkit must be running (e.g. after {@code FxToolkit.registerPrimaryStage()}). */
    public static FxThreadGuard start() throws InterruptedException {
        AtomicReference<Thread> fx = new AtomicReference<>();
        CountDownLatch found = new CountDownLatch(1);
        Platform.runLater(() -> {
            fx.set(Thread.currentThread());
            found.countDown();
        });
        if (!found.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the JavaFX Application Thread does not answer");
        }
        return new FxThreadGuard(fx.get());
    }

    private synchronized void record(FxThreadViolation v) {
        if (!stopped) {
            violations.putIfAbsent(v.kind() + " " + v.what(), v);
        }
    }

    /**
     * Stops watching, after every I/O event the FX thread committed so far has been seen (up to a second or two:
     * JFR writes its events out about once a second); idempotent.
     */
    public void stop() {
        synchronized (this) {
            if (stopped) {
                return;
            }
        }
        try {
            io.sync();
        } finally {
            synchronized (this) {
                stopped = true;
            }
            sampler.stop();
            io.close();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Distinct violations seen so far, in order of first sight; while the guard runs, it first waits until the I/O
     * events committed before this call have been seen (up to a second or two).
     */
    public List<FxThreadViolation> violations() {
        synchronized (this) {
            if (stopped) {
                return new ArrayList<>(violations.values());
            }
        }
        io.sync();
        synchronized (this) {
            return new ArrayList<>(violations.values());
        }
    }

    /** How many FX-thread stacks the sampler inspected (a test can check that it really watched). */
    public long samples() {
        return sampler.samples();
    }

    /** Every violation with its stack, or "none". */
    public String report() {
        List<FxThreadViolation> list = violations();
        if (list.isEmpty()) {
            return "no FX-thread violations in " + samples() + " samples";
        }
        StringBuilder sb = new StringBuilder(list.size() + " FX-thread violation(s):\n");
        list.forEach(v -> sb.append(v.describe()));
        return sb.toString();
    }
}
