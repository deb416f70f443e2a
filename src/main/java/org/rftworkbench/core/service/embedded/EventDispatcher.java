package org.rftworkbench.core.service.embedded;

import org.rftworkbench.core.service.JobEvent;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Delivers job events to listeners on one thread ("compute-events"), in the order they were posted, so listeners
 * never run on a device thread and never concurrently. Listeners must return quickly (a UI listener hands the event
 * to its toolkit thread). A listener that throws does not stop delivery.
 */
final class EventDispatcher {
    static final String THREAD_NAME = "compute-events";

    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, THREAD_NAME);
        t.setDaemon(true);
        return t;
    });
    private volatile Thread thread;

    /** Queues delivery of {@code event} to {@code listener}, then runs {@code after} (may be null). */
    void post(Consumer<JobEvent> listener, JobEvent event, Runnable after) {
        executor.execute(() -> {
            thread = Thread.currentThread();
            try {
                if (listener != null) {
                    listener.accept(event);
                }
            } catch (RuntimeException e) {
                // a faulty listener must not lose the events of other jobs
            } finally {
                if (after != null) {
                    after.run();
                }
            }
        });
    }

    boolean isDispatchThread() {
        return Thread.currentThread() == thread;
    }

    /** Delivers what is queued, then stops the thread (without waiting when called from a listener). */
    void shutdown() throws InterruptedException {
        executor.shutdown();
        if (!isDispatchThread()) {
            executor.awaitTermination(1, TimeUnit.MINUTES);
        }
    }
}
