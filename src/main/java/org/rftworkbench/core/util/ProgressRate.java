package org.rftworkbench.core.util;

/**
 * How fast a task progresses and how long it has left, measured from its progress updates (the tensor cache's
 * "prepare NAME" counts, a sweep's images), for the console line and the jobs panel.
 *
 * <p>The rule: a measurement starts at the first update of a run; a new unit, a new total or a count that goes back
 * (the next dataset, the second checkpoint) starts a new run, a new task name alone does not (a sweep renames its
 * task per cell but counts on). The rate is the units done since the run's first update over the time since, known
 * once {@link #MIN_WINDOW_NANOS} have passed and the count has grown. The time left at a moment is the units left over
 * that rate, minus the time since the last update; it is unknown (NaN) when the total is unknown, the run is complete,
 * no rate is known yet, or that countdown has run out (the next update is late): no figure rather than a wrong
 * "0 s left".
 *
 * <p>Not thread-safe: one owner (a synchronised console sink, the FX thread).
 */
public final class ProgressRate {
    /** The shortest time a rate is measured over, nanoseconds: shorter gaps give wild rates. */
    public static final long MIN_WINDOW_NANOS = 1_000_000_000L;

    private String task;
    private String unit;
    private long total;
    private long startNanos;
    private long startDone;
    private long lastNanos;
    private long lastDone;
    private boolean started;

    /**
     * Records an update.
     *
     * @param done      units done so far
     * @param total     units in all, or a negative number when unknown
     * @param unit      plural noun of the units, or null
     * @param nowNanos  a monotonic clock reading ({@link System#nanoTime()}) taken when the update arrived
     * @return true when this update started a new run (the first update, or see the class comment)
     */
    public boolean update(String task, long done, long total, String unit, long nowNanos) {
        boolean sameRun = started && total == this.total && java.util.Objects.equals(unit, this.unit)
                && done >= lastDone;
        if (!sameRun) {
            startNanos = nowNanos;
            startDone = done;
            started = true;
        }
        this.task = task;
        this.unit = unit;
        this.total = total;
        lastNanos = nowNanos;
        lastDone = done;
        return !sameRun;
    }

    /** True once an update was recorded. */
    public boolean started() {
        return started;
    }

    /** The last update's task name (null before the first). */
    public String task() {
        return task;
    }

    /** The last update's unit (may be null). */
    public String unit() {
        return unit;
    }

    public long done() {
        return lastDone;
    }

    /** Units in all, negative when unknown. */
    public long total() {
        return total;
    }

    /** True when the total is known and reached. */
    public boolean complete() {
        return started && total >= 0 && lastDone >= total;
    }

    /** Units per second over the current run, NaN while unknown. */
    public double perSecond() {
        long window = lastNanos - startNanos;
        if (!started || window < MIN_WINDOW_NANOS || lastDone <= startDone) {
            return Double.NaN;
        }
        return (lastDone - startDone) / (window / 1e9);
    }

    /** Seconds the run still needs at {@code nowNanos}, NaN when unknown (see the class comment). */
    public double secondsLeft(long nowNanos) {
        double rate = perSecond();
        if (Double.isNaN(rate) || total < 0 || lastDone >= total) {
            return Double.NaN;
        }
        double left = (total - lastDone) / rate - (nowNanos - lastNanos) / 1e9;
        return left > 0 ? left : Double.NaN;
    }
}
