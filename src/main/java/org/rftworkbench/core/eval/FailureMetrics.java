package org.rftworkbench.core.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * The RFT "failure mode" metrics of method-notes section 6, from a curve A(alpha) of (average) OOD accuracy sampled
 * on an ascending alpha grid that contains 0, 1 and at least one interior alpha; plus the Frankle-style barrier of a
 * loss or error curve (method-notes 4.1). Accuracies and errors are fractions (or any common unit: the metrics are
 * differences in the input's unit). Immutable.
 *
 * @param gainOverZeroShot   G_zs = max over interior alphas of A - A(0)
 * @param bestInteriorAlpha  the interior alpha with the highest A (first one on ties)
 * @param gainOverEndpoints  G_end = max interior A - max(A(0), A(1)); &lt;= 0 means no interpolation bonus
 * @param failure            G_zs &lt;= tolerance: interpolation never beats the zero-shot model out of distribution
 * @param noBonus            G_end &lt;= tolerance
 * @param strongFailure      A(alpha) &lt; min(A(0), A(1)) at some alpha: an accuracy dip
 * @param dipRanges          the dip's regions by the one region rule ({@link CurveRegions#below} the lower
 *                           endpoint, the curve as drawn), each given by the first and last grid alpha inside it
 * @param midpointMinusChord A(0.5) - (A(0) + A(1)) / 2 (A(0.5) linearly interpolated when 0.5 is not on the grid)
 * @param tolerance          the tolerance used for the two verdicts
 */
public record FailureMetrics(double gainOverZeroShot, double bestInteriorAlpha, double gainOverEndpoints,
        boolean failure, boolean noBonus, boolean strongFailure, List<AlphaRange> dipRanges,
        double midpointMinusChord, double tolerance) {

    /** Default tolerance: 0.1 percentage points of accuracy (method-notes 6). */
    public static final double DEFAULT_TOLERANCE = 0.001;

    public FailureMetrics {
        dipRanges = List.copyOf(dipRanges);
    }

    /** A closed range of grid alphas. */
    public record AlphaRange(double from, double to) {
    }

    /**
     * The barrier of a loss or error curve E(alpha).
     *
     * @param instability     I = max_alpha E - (E(0) + E(1)) / 2 (Frankle et al.; &gt;= max(E0,E1)-mean &gt;= 0)
     * @param alphaAtMax      the alpha where E is largest (first on ties)
     * @param aboveLinear     max_alpha E(alpha) - [(1 - alpha) E(0) + alpha E(1)] (Adilova et al. variant; &gt;= 0)
     */
    public record Barrier(double instability, double alphaAtMax, double aboveLinear) {
    }

    /** Failure metrics of an accuracy curve. */
    public static FailureMetrics ofAccuracy(double[] alphas, double[] accuracy, double tolerance) {
        Endpoints ends = Endpoints.of(alphas, accuracy);
        double a0 = accuracy[ends.zero];
        double a1 = accuracy[ends.one];
        double best = Double.NEGATIVE_INFINITY;
        double bestAlpha = Double.NaN;
        for (int i = 0; i < alphas.length; i++) {
            if (alphas[i] > 0 && alphas[i] < 1 && accuracy[i] > best) {
                best = accuracy[i];
                bestAlpha = alphas[i];
            }
        }
        double floor = Math.min(a0, a1);
        List<AlphaRange> dips = dipRanges(alphas, accuracy, floor);
        double gZs = best - a0;
        double gEnd = best - Math.max(a0, a1);
        return new FailureMetrics(gZs, bestAlpha, gEnd, gZs <= tolerance, gEnd <= tolerance, !dips.isEmpty(), dips,
                valueAt(alphas, accuracy, 0.5) - (a0 + a1) / 2, tolerance);
    }

    /** Each region of {@link CurveRegions#below}, as the first and last grid alpha strictly below the level in it. */
    private static List<AlphaRange> dipRanges(double[] alphas, double[] values, double level) {
        List<AlphaRange> out = new ArrayList<>();
        for (CurveRegions.Interval region : CurveRegions.below(alphas, values, level)) {
            double first = Double.NaN;
            double last = Double.NaN;
            for (int i = 0; i < alphas.length; i++) {
                if (region.contains(alphas[i]) && values[i] < level) {
                    first = Double.isNaN(first) ? alphas[i] : first;
                    last = alphas[i];
                }
            }
            if (!Double.isNaN(first)) {
                out.add(new AlphaRange(first, last));
            }
        }
        return out;
    }

    /** Barrier of a loss or error curve (all grid alphas, endpoints included, enter the max). */
    public static Barrier barrier(double[] alphas, double[] error) {
        Endpoints ends = Endpoints.of(alphas, error);
        double e0 = error[ends.zero];
        double e1 = error[ends.one];
        double max = Double.NEGATIVE_INFINITY;
        double atMax = Double.NaN;
        double aboveLinear = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < alphas.length; i++) {
            if (error[i] > max) {
                max = error[i];
                atMax = alphas[i];
            }
            aboveLinear = Math.max(aboveLinear, error[i] - ((1 - alphas[i]) * e0 + alphas[i] * e1));
        }
        return new Barrier(max - (e0 + e1) / 2, atMax, aboveLinear);
    }

    /** Linear interpolation of the sampled curve at alpha (which must lie within the grid). */
    static double valueAt(double[] alphas, double[] values, double alpha) {
        for (int i = 0; i < alphas.length; i++) {
            if (alphas[i] == alpha) {
                return values[i];
            }
            if (i > 0 && alphas[i - 1] < alpha && alpha < alphas[i]) {
                double t = (alpha - alphas[i - 1]) / (alphas[i] - alphas[i - 1]);
                return values[i - 1] + t * (values[i] - values[i - 1]);
            }
        }
        return Double.NaN;
    }

    /** Indices of alpha = 0 and alpha = 1, after validating the grid. */
    private record Endpoints(int zero, int one) {
        static Endpoints of(double[] alphas, double[] values) {
            if (alphas.length != values.length) {
                throw new IllegalArgumentException(alphas.length + " alphas but " + values.length + " values");
            }
            int zero = -1;
            int one = -1;
            boolean interior = false;
            for (int i = 0; i < alphas.length; i++) {
                if (i > 0 && !(alphas[i] > alphas[i - 1])) {
                    throw new IllegalArgumentException("alphas must be strictly ascending");
                }
                if (alphas[i] == 0) {
                    zero = i;
                } else if (alphas[i] == 1) {
                    one = i;
                } else if (alphas[i] > 0 && alphas[i] < 1) {
                    interior = true;
                }
            }
            if (zero < 0 || one < 0 || !interior) {
                throw new IllegalArgumentException("failure metrics need alpha 0, alpha 1 and an interior alpha");
            }
            return new Endpoints(zero, one);
        }
    }
}
