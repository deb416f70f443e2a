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

    /**
     * As {@link #update(String, long, long)}, naming what is counted ("images", "tensors"), so that a listener can
     * say "262 images/s"; sinks that do not care about the unit ignore it (the default).
     *
     * @param unit plural noun of the units counted, or null when unnamed
     */
    default void update(String task, long done, long total, String unit) {
        update(task, done, total);
    }

    /**
     * This sink, with every plain {@link #update(String, long, long)} reported in {@code unit}: for code that counts
     * one kind of thing but does not know it is being watched (the tensor cache counts images). Cancellation is
     * this sink's.
     */
    default Progress inUnits(String unit) {
        Progress outer = this;
        return new Progress() {
            @Override
            public void update(String task, long done, long total) {
                outer.update(task, done, total, unit);
            }

            @Override
            public void update(String task, long done, long total, String namedUnit) {
                outer.update(task, done, total, namedUnit);
            }

            @Override
            public boolean isCancelled() {
                return outer.isCancelled();
            }
        };
    }

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
