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
 * Watches the JavaFX Application Thread while a UI test runs and collects what it must never do: file access (exact,
 * through {@link FxFileAccessMonitor}) and DJL, compute or file I/O frames (sampled about every millisecond, through
 * {@link FxStackSampler}). Use {@code start()} after the toolkit is up, drive the UI, then {@code stop()} and assert
 * {@link #violations()} is empty ({@link #report()} prints each one with its stack). Violations with the same kind and
 * subject are reported once. One guard at a time (it installs a JVM-wide SecurityManager); not for production.
 */
public final class FxThreadGuard implements AutoCloseable {
    private final Map<String, FxThreadViolation> violations = new LinkedHashMap<>();
    private final SecurityManager previous;
    private final FxStackSampler sampler;
    private boolean stopped;

    private FxThreadGuard(Thread fxThread) {
        previous = System.getSecurityManager();
        System.setSecurityManager(new FxFileAccessMonitor(this::record));
        sampler = new FxStackSampler(fxThread, this::record);
    }

    /** Starts watching; the JavaFX toolkit must be running (e.g. after {@code FxToolkit.registerPrimaryStage()}). */
    @SuppressWarnings("removal")
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

    /** Stops the sampler and removes the SecurityManager; idempotent. */
    @SuppressWarnings("removal")
    public void stop() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
        }
        sampler.stop();
        System.setSecurityManager(previous);
    }

    @Override
    public void close() {
        stop();
    }

    /** Distinct violations seen so far, in order of first sight. */
    public synchronized List<FxThreadViolation> violations() {
        return new ArrayList<>(violations.values());
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
