package org.rftworkbench.figures;

import java.util.List;
import org.rftworkbench.core.eval.CurveRegions;

/**
 * Where an average-OOD curve falls below its own value at alpha = 0 (the "interpolation hurts robustness" region):
 * the failure region that the exported accuracy figure shades and that the window's accuracy chart shades, computed
 * by the one rule {@link CurveRegions#belowAlphaZero} (the curve as drawn, piecewise linear between the evaluated
 * alphas, so region edges are the exact crossings of the plotted line with the alpha = 0 level).
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
        return CurveRegions.belowAlphaZero(averageOod.alphas(), averageOod.values()).stream()
                .map(r -> new Interval(r.from(), r.to())).toList();
    }
}
