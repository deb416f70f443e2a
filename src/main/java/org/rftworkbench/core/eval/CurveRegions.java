package org.rftworkbench.core.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The one rule for "where does a curve fall below a level": the curve is taken as drawn, piecewise linear between
 * its sampled alphas, and a region's edges are the exact crossings of that line with the level (a sampled point
 * strictly below the level is inside; a point on the level is not, but may join two regions it separates by a
 * touch). The failure region of the accuracy chart and its exported figure ({@code figures.FailureRegions}: below the
 * average OOD value at alpha = 0) and the accuracy dips of {@link FailureMetrics} (below the lower endpoint) are both
 * this rule. Stateless.
 */
public final class CurveRegions {
    private CurveRegions() {
    }

    /** A closed alpha interval [from, to]. */
    public record Interval(double from, double to) {
        /** Whether {@code alpha} lies in the interval (ends included). */
        public boolean contains(double alpha) {
            return alpha >= from && alpha <= to;
        }
    }

    /**
     * @param alphas sampled alphas, in any order (sorted here); pairs with a NaN value are skipped
     * @param values the curve's values at those alphas
     * @param level  the level to compare with (NaN: no region)
     * @return disjoint intervals in ascending alpha where the drawn curve is strictly below {@code level}
     */
    public static List<Interval> below(double[] alphas, double[] values, double level) {
        if (alphas.length != values.length) {
            throw new IllegalArgumentException(alphas.length + " alphas but " + values.length + " values");
        }
        List<Interval> out = new ArrayList<>();
        if (Double.isNaN(level)) {
            return out;
        }
        Integer[] order = new Integer[alphas.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> alphas[i]));
        for (int k = 0; k + 1 < order.length; k++) {
            double a0 = alphas[order[k]];
            double a1 = alphas[order[k + 1]];
            double v0 = values[order[k]];
            double v1 = values[order[k + 1]];
            if (Double.isNaN(v0) || Double.isNaN(v1) || a1 == a0) {
                continue;
            }
            boolean below0 = v0 < level;
            boolean below1 = v1 < level;
            if (!below0 && !below1) {
                continue;
            }
            double from = below0 ? a0 : crossing(a0, v0, a1, v1, level);
            double to = below1 ? a1 : crossing(a0, v0, a1, v1, level);
            add(out, from, to);
        }
        return out;
    }

    /**
     * Where the curve falls below its own value at alpha = 0 (the failure region: interpolating hurts robustness).
     * Empty when the curve has no point at alpha = 0 (or that point is NaN).
     */
    public static List<Interval> belowAlphaZero(double[] alphas, double[] values) {
        double level = Double.NaN;
        for (int i = 0; i < alphas.length; i++) {
            if (alphas[i] == 0.0) {
                level = values[i];
                break;
            }
        }
        return below(alphas, values, level);
    }

    private static double crossing(double a0, double v0, double a1, double v1, double level) {
        return a0 + (level - v0) / (v1 - v0) * (a1 - a0);
    }

    private static void add(List<Interval> out, double from, double to) {
        if (!out.isEmpty() && out.get(out.size() - 1).to() >= from) {
            Interval last = out.remove(out.size() - 1);
            out.add(new Interval(last.from(), Math.max(last.to(), to)));
        } else {
            out.add(new Interval(from, to));
        }
    }
}
