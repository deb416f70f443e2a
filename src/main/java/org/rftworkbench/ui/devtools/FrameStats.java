package org.rftworkbench.ui.devtools;

import java.util.List;
import java.util.Locale;

/**
 * Summary of a list of durations in milliseconds: count, median, p95, p99 and max (nearest-rank percentiles).
 * Immutable.
 */
record FrameStats(int count, double median, double p95, double p99, double max) {
    static FrameStats of(List<Double> millis) {
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return new FrameStats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new FrameStats(sorted.length, rank(sorted, 50), rank(sorted, 95), rank(sorted, 99),
                sorted[sorted.length - 1]);
    }

    /** Nearest-rank percentile of sorted values. */
    static double rank(double[] sorted, double percent) {
        int index = (int) Math.ceil(percent / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    String describe() {
        return String.format(Locale.ROOT, "n=%d median %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms", count, median,
                p95, p99, max);
    }
}
