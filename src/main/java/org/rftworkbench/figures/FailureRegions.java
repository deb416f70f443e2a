package org.rftworkbench.figures;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Where an average-OOD curve falls below its own value at alpha = 0 (the "interpolation hurts robustness" region).
 * The curve is taken as drawn, piecewise linear between the evaluated alphas, so region edges are the exact
 * crossings of the plotted line with the alpha = 0 level.
 */
public final class FailureRegions {
    private FailureRegions() {
    }

    /** A closed alpha interval [from, to]. */
    public record Interval(double from, double to) {
    }

    /**
     * @return disjoint intervals in ascending alpha where the curve is strictly below its alpha = 0 value; empty when
     *         the curve has no point at alpha = 0 or never drops below it
     */
    public static List<Interval> of(Curve averageOod) {
        double[] a = averageOod.alphas();
        double[] v = averageOod.values();
        Integer[] order = new Integer[a.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> a[i]));
        double level = averageOod.valueAt(0.0);
        List<Interval> out = new ArrayList<>();
        if (Double.isNaN(level)) {
            return out;
        }
        for (int k = 0; k + 1 < order.length; k++) {
            double a0 = a[order[k]];
            double a1 = a[order[k + 1]];
            double v0 = v[order[k]];
            double v1 = v[order[k + 1]];
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
