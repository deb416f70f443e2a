package org.rftworkbench.core.service.embedded;

import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.JobHandle;
import org.rftworkbench.core.service.JobRequest;
import org.rftworkbench.core.service.Priority;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.util.CancelledException;
import org.rftworkbench.core.util.Progress;

/**
 * A submitted job: its work is split into units that device threads claim from the {@link JobQueue} (one unit for
 * a preview, one per alpha for a sweep); when every unit has run, the thread that ran the last one calls
 * {@link Units#finish}. Exactly one terminal event is published, after every other event, and the future completes
 * right after the listener received it.
 *
 * <p>Thread-safe: state transitions are guarded by this object's monitor.
 */
final class Job<R> implements JobHandle<R>, JobContext {
    /** What a job does. Units may run concurrently on different device threads. */
    interface Units<R> {
        /** At least 1. */
        int count();

        void run(int unit, DeviceContext device, JobContext job) throws Exception;

        R finish(DeviceContext device, JobContext job) throws Exception;
    }

    /** Hooks into the service: leaving the queue and forgetting a finished job. */
    interface Owner {
        void dequeue(Job<?> job);

        void ended(Job<?> job);
    }

    private final String id;
    private final JobRequest request;
    private final String label;
    private final Priority priority;
    private final String key;
    private final long sequence;
    private final Units<R> units;
    private final Consumer<JobEvent> listener;
    private final EventDispatcher events;
    private final Owner owner;
    private final CompletableFuture<R> future = new CompletableFuture<>();
    private final Progress progress;

    private int nextUnit;
    private int running;
    private int completed;
    private boolean stopping;
    private boolean terminated;
    private Throwable failure;
    private volatile boolean cancelRequested;

    Job(String id, JobRequest request, String label, Priority priority, String key, long sequence, Units<R> units,
            Consumer<JobEvent> listener, EventDispatcher events, Owner owner) {
        this.id = id;
        this.request = request;
        this.label = label;
        this.priority = priority;
        this.key = key;
        this.sequence = sequence;
        this.units = units;
        this.listener = listener;
        this.events = events;
        this.owner = owner;
        this.progress = new Progress() {
            @Override
            public void update(String task, long done, long total) {
                publish(new JobEvent.Progress(id, task, done, total));
            }

            @Override
            public void update(String task, long done, long total, String unit) {
                publish(new JobEvent.Progress(id, task, done, total, unit));
            }

            @Override
            public boolean isCancelled() {
                return cancelRequested;
            }
        };
        // cancelling the future (e.g. from a UI) cancels the job
        future.whenComplete((r, e) -> {
            if (e instanceof CancellationException) {
                cancel();
            }
        });
    }

    @Override
    public String id() {
        return id;
    }

    /** The request, or null for custom {@link DeviceWork}. */
    @Override
    public JobRequest request() {
        return request;
    }

    String label() {
        return label;
    }

    @Override
    public Priority priority() {
        return priority;
    }

    String key() {
        return key;
    }

    long sequence() {
        return sequence;
    }

    @Override
    public CompletableFuture<R> result() {
        return future;
    }

    @Override
    public boolean isCancelled() {
        return cancelRequested;
    }

    @Override
    public Progress progress() {
        return progress;
    }

    @Override
    public synchronized void publish(JobEvent event) {
        if (!terminated) {
            events.post(listener, event, null);
        }
    }

    /** The next unit to run, or -1 when there is none (all claimed, or the job is stopping). Queue lock held. */
    synchronized int claim() {
        if (stopping || nextUnit >= units.count()) {
            return -1;
        }
        running++;
        return nextUnit++;
    }

    synchronized boolean hasUnclaimedUnits() {
        return !stopping && nextUnit < units.count();
    }

    /** Runs one claimed unit on the calling device thread, then finishes the job if it was the last. */
    void runUnit(int unit, DeviceContext device) {
        Throwable error = null;
        try {
            if (!cancelRequested) {
                units.run(unit, device, this);
            }
        } catch (Throwable t) {
            error = t;
        }
        boolean finishHere;
        boolean newlyFailed = false;
        synchronized (this) {
            running--;
            if (error == null && !cancelRequested) {
                completed++;
            } else if (error != null && !(error instanceof CancelledException) && !stopping) {
                failure = error;
                stopping = true;
                newlyFailed = true;
            } else {
                stopping = true;
            }
            finishHere = !stopping && completed == units.count();
        }
        if (newlyFailed) {
            cancelRequested = true; // other devices stop at their next batch
            owner.dequeue(this);
        }
        if (finishHere) {
            finish(device);
        } else {
            terminateIfStopped();
        }
    }

    private void finish(DeviceContext device) {
        R result;
        try {
            if (cancelRequested) {
                throw new CancelledException();
            }
            result = units.finish(device, this);
        } catch (Throwable t) {
            synchronized (this) {
                stopping = true;
                if (!(t instanceof CancelledException)) {
                    failure = t;
                }
            }
            terminateIfStopped();
            return;
        }
        synchronized (this) {
            if (terminated) {
                return;
            }
            terminated = true;
            events.post(listener, new JobEvent.Finished(id), () -> future.complete(result));
        }
        owner.ended(this);
    }

    /** Fails a job that was never queued (its request was refused on submit): the listener gets Failed. */
    void refuse(Throwable reason) {
        synchronized (this) {
            failure = reason;
            stopping = true;
        }
        terminateIfStopped();
    }

    @Override
    public void cancel() {
        synchronized (this) {
            if (terminated || stopping) {
                cancelRequested = true;
                return;
            }
            stopping = true;
            cancelRequested = true;
        }
        owner.dequeue(this);
        terminateIfStopped();
    }

    /** Publishes the terminal event once nothing of this job runs any more. */
    private void terminateIfStopped() {
        synchronized (this) {
            if (terminated || !stopping || running > 0) {
                return;
            }
            terminated = true;
            if (failure != null) {
                Throwable f = failure;
                events.post(listener, new JobEvent.Failed(id, oneLine(f), stackTrace(f)),
                        () -> future.completeExceptionally(f));
            } else {
                events.post(listener, new JobEvent.Cancelled(id),
                        () -> future.completeExceptionally(new CancellationException(label + " was cancelled")));
            }
        }
        owner.ended(this);
    }

    synchronized boolean isTerminated() {
        return terminated;
    }

    private static String oneLine(Throwable t) {
        String message = t instanceof RftException ? t.getMessage() : t.toString();
        return message == null ? t.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    @Override
    public String toString() {
        return id + " " + label + " (" + priority + ")";
    }
}
