package org.rftworkbench.figures;

import java.util.ArrayList;
import java.util.List;

/**
 * Contour lines of a function sampled on a rectangular grid, by marching squares: each grid square whose corners lie
 * on both sides of a level contributes one segment (two at a saddle) between the points where the level crosses its
 * edges, found by linear interpolation along the edge. Squares with a missing (NaN) corner contribute nothing.
 * Saddles are resolved by the mean of the four corners, so the result is deterministic. Stateless.
 */
public final class ContourLines {
    private ContourLines() {
    }

    /** One piece of a contour line, from (u1, v1) to (u2, v2), at {@code level}. */
    public record Segment(double u1, double v1, double u2, double v2, double level) {
    }

    /**
     * @param us     grid coordinates along the first axis, ascending
     * @param vs     grid coordinates along the second axis, ascending
     * @param values values[i][j] at (us[i], vs[j]); NaN = missing
     * @param levels the levels to trace
     */
    public static List<Segment> trace(double[] us, double[] vs, double[][] values, double[] levels) {
        List<Segment> out = new ArrayList<>();
        for (double level : levels) {
            for (int i = 0; i + 1 < us.length; i++) {
                for (int j = 0; j + 1 < vs.length; j++) {
                    square(us, vs, values, i, j, level, out);
                }
            }
        }
        return out;
    }

    /** One grid square, corners counter-clockwise: 0 (i, j), 1 (i+1, j), 2 (i+1, j+1), 3 (i, j+1). */
    private static void square(double[] us, double[] vs, double[][] f, int i, int j, double level,
            List<Segment> out) {
        double[] cu = {us[i], us[i + 1], us[i + 1], us[i]};
        double[] cv = {vs[j], vs[j], vs[j + 1], vs[j + 1]};
        double[] cf = {f[i][j], f[i + 1][j], f[i + 1][j + 1], f[i][j + 1]};
        int mask = 0;
        for (int k = 0; k < 4; k++) {
            if (Double.isNaN(cf[k])) {
                return;
            }
            if (cf[k] >= level) {
                mask |= 1 << k;
            }
        }
        if (mask == 0 || mask == 15) {
            return;
        }
        // the crossing on each edge k (corner k to corner k+1) that changes sides
        double[][] cross = new double[4][];
        for (int k = 0; k < 4; k++) {
            int a = k;
            int b = (k + 1) % 4;
            boolean inA = (mask >> a & 1) == 1;
            boolean inB = (mask >> b & 1) == 1;
            if (inA != inB) {
                double t = (level - cf[a]) / (cf[b] - cf[a]);
                cross[k] = new double[] {cu[a] + t * (cu[b] - cu[a]), cv[a] + t * (cv[b] - cv[a])};
            }
        }
        List<Integer> edges = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            if (cross[k] != null) {
                edges.add(k);
            }
        }
        if (edges.size() == 2) {
            add(out, cross[edges.get(0)], cross[edges.get(1)], level);
            return;
        }
        // a saddle (opposite corners on the same side): all four edges cross. If the centre is on the side of
        // corner 0, corner 0's region connects through the middle, so each segment cuts off one of the other corners
        boolean centreIn = (cf[0] + cf[1] + cf[2] + cf[3]) / 4 >= level;
        boolean corner0In = (mask & 1) == 1;
        if (centreIn == corner0In) {
            add(out, cross[0], cross[1], level); // cuts off corner 1
            add(out, cross[2], cross[3], level); // cuts off corner 3
        } else {
            add(out, cross[3], cross[0], level); // cuts off corner 0
            add(out, cross[1], cross[2], level); // cuts off corner 2
        }
    }

    private static void add(List<Segment> out, double[] p, double[] q, double level) {
        out.add(new Segment(p[0], p[1], q[0], q[1], level));
    }

    /**
     * Round levels strictly inside (min, max): the largest of the steps 1, 2, 2.5, 5 x 10^k giving at least
     * {@code atLeast} levels, so contours are few enough to read and fall on numbers a reader can name.
     */
    public static double[] niceLevels(double min, double max, int atLeast) {
        if (!(max > min) || !Double.isFinite(min) || !Double.isFinite(max)) {
            return new double[0];
        }
        double span = max - min;
        double step = Math.pow(10, Math.floor(Math.log10(span)) + 1);
        double[] factors = {1, 0.5, 0.25, 0.2};
        outer:
        for (int decade = 0; decade < 8; decade++) {
            for (double factor : factors) {
                double s = step * factor;
                if (count(min, max, s) >= atLeast) {
                    step = s;
                    break outer;
                }
            }
            step /= 10;
        }
        List<Double> levels = new ArrayList<>();
        for (double l = Math.floor(min / step + 1) * step; l < max - 1e-12 * span; l += step) {
            if (l > min + 1e-12 * span) {
                levels.add(Math.round(l / step) * step);
            }
        }
        return levels.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static int count(double min, double max, double step) {
        int n = 0;
        for (double l = Math.floor(min / step + 1) * step; l < max; l += step) {
            if (l > min) {
                n++;
            }
        }
        return n;
    }
}
