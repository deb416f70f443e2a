package org.rftworkbench.ui.common;

import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.JobHandle;

/**
 * Latest wins, for a view model: one slot for a job of one kind (the alpha preview, the sharpness heatmap, ...).
 * {@link #submit} cancels the slot's previous job and starts the new one with the slot's service key; the job's
 * events, its result and its failure reach the callbacks on {@code fx} only while it is still the slot's newest job,
 * so late events and results of a superseded job are dropped. After the result or failure is delivered the slot is
 * idle again.
 *
 * <p>Call {@link #submit}, {@link #cancel} and {@link #discard} on the FX thread (the {@code fx} executor's thread).
 *
 * @param <R> what the callbacks receive as the result
 */
public final class LatestJob<R> {
    /** Starts a job through the compute service with the given service key and event listener. */
    @FunctionalInterface
    public interface Starter<J> {
        JobHandle<J> start(String key, Consumer<JobEvent> events);
    }

    /**
     * What the newest job reports, each on the FX thread.
     *
     * @param events  every event the service publishes for the job, in order (terminal ones included)
     * @param result  the result, after all events
     * @param failure the failure, unwrapped from {@link CompletionException}; a
     *                {@link java.util.concurrent.CancellationException} when the job was cancelled while it was still
     *                the newest (from the jobs panel, or {@link #cancel()})
     */
    public record Callbacks<R>(Consumer<JobEvent> events, Consumer<R> result, Consumer<Throwable> failure) {
        /** Only a result; events and failures are ignored. */
        public static <R> Callbacks<R> onResult(Consumer<R> result) {
            return new Callbacks<>(e -> { }, result, t -> { });
        }

        public Callbacks<R> onEvent(Consumer<JobEvent> handler) {
            return new Callbacks<>(handler, result, failure);
        }

        public Callbacks<R> onFailure(Consumer<Throwable> handler) {
            return new Callbacks<>(events, result, handler);
        }
    }

    /** One submission: the identity that callbacks compare with the slot's current one. */
    private static final class Ticket {
        JobHandle<?> handle;
        boolean cancelRequested;
    }

    private final Executor fx;
    private final String key;
    /** The newest submission whose result or failure has not been delivered yet; null when idle. */
    private volatile Ticket current;

    /**
     * @param fx  the FX thread ({@link FxThread#FX}; {@link FxThread#INLINE} in view-model tests)
     * @param key the service's latest-wins key passed to every job of this slot (null: none)
     */
    public LatestJob(Executor fx, String key) {
        this.fx = fx;
        this.key = key;
    }

    /** Submits a job whose result reaches {@code callbacks} as it is. */
    public JobHandle<R> submit(Starter<R> starter, Callbacks<R> callbacks) {
        return submit(starter, Function.identity(), callbacks);
    }

    /**
     * Cancels the previous job of this slot (its callbacks will not run) and starts a new one.
     *
     * @param prepare turns the job's result into what {@code callbacks} receive; it runs where the job completes,
     *                off the FX thread (for work too slow for the FX thread, e.g. statistics over the result), and is
     *                skipped when the job is no longer the newest
     * @return the job's handle
     */
    public <J> JobHandle<J> submit(Starter<J> starter, Function<? super J, ? extends R> prepare,
            Callbacks<R> callbacks) {
        discard();
        Ticket ticket = new Ticket();
        current = ticket;
        JobHandle<J> handle = starter.start(key, event -> fx.execute(() -> {
            if (current == ticket) {
                callbacks.events().accept(event);
            }
        }));
        ticket.handle = handle;
        if (ticket.cancelRequested) {
            handle.cancel(); // cancel() came while the starter ran (an inline event handler asked for it)
        }
        handle.result().whenComplete((value, error) -> {
            Throwable failure = error;
            R prepared = null;
            if (failure == null && current == ticket) {
                try {
                    prepared = prepare.apply(value);
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            Throwable f = failure;
            R p = prepared;
            fx.execute(() -> {
                if (current != ticket) {
                    return; // superseded or discarded
                }
                current = null;
                if (f != null) {
                    callbacks.failure().accept(unwrap(f));
                } else {
                    callbacks.result().accept(p);
                }
            });
        });
        return handle;
    }

    /** True while the newest job's result or failure has not been delivered. */
    public boolean isRunning() {
        return current != null;
    }

    /**
     * Cancels the newest job; it stays the newest, so its failure callback reports the
     * {@link java.util.concurrent.CancellationException} (e.g. "cancelled after 12 of 40 cells").
     */
    public void cancel() {
        Ticket t = current;
        if (t == null) {
            return;
        }
        if (t.handle == null) {
            t.cancelRequested = true;
        } else {
            t.handle.cancel();
        }
    }

    /** Cancels the newest job and forgets it: none of its callbacks run any more (another project, a reset). */
    public void discard() {
        Ticket t = current;
        current = null;
        if (t != null) {
            if (t.handle == null) {
                t.cancelRequested = true;
            } else {
                t.handle.cancel();
            }
        }
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
