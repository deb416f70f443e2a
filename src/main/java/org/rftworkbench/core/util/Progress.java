package org.rftworkbench.core.util;

/**
 * Receives progress of a long computation. Implementations must be thread-safe: core code may call them from any
 * worker thread. {@link #isCancelled()} is polled between units of work (a batch, a file) for cooperative
 * cancellation.
 */
public interface Progress {
    /** A progress sink that ignores everything and is never cancelled. */
    Progress NONE = (task, done, total) -> { };

    /**
     * @param task  short human-readable name of what is running, e.g. "decode id_test"
     * @param done  units finished so far (images, tensors, batches)
     * @param total total units, or -1 when unknown
     */
    void update(String task, long done, long total);

    default boolean isCancelled() {
        return false;
    }

    /** Throws {@link CancelledException} when cancellation was requested. */
    default void checkCancelled() {
        if (isCancelled()) {
            throw new CancelledException();
        }
    }
}
