package org.rftworkbench.core.eval;

import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * An instant estimate of a curve at an alpha that has not been evaluated, from the alphas that have: linear between
 * the nearest computed alpha below and the nearest above. It is what the window shows the moment the slider moves
 * (measured estimates take seconds at real size), labelled as interpolated, until measured values replace it.
 *
 * <p>No estimate outside the computed range (that would be extrapolation) or when either neighbour is not finite
 * (a NaN/Inf evaluation says nothing about its neighbourhood). An alpha that is itself computed gives its value.
 *
 * @param value       the estimate, in the curve's units (top-1 as a fraction for accuracy curves)
 * @param lowerAlpha  the computed alpha it is interpolated from, below (equal to {@code upperAlpha} when computed)
 * @param upperAlpha  the computed alpha above
 */
public record GridInterpolation(double value, double lowerAlpha, double upperAlpha) {

    /**
     * @param curve computed alpha -> value (any finite or non-finite values; not modified)
     * @param alpha where an estimate is wanted
     * @return the estimate, or empty when the rule gives none (see the class comment)
     */
    public static Optional<GridInterpolation> at(NavigableMap<Double, Double> curve, double alpha) {
        if (!Double.isFinite(alpha) || curve.isEmpty()) {
            return Optional.empty();
        }
        Map.Entry<Double, Double> below = curve.floorEntry(alpha);
        Map.Entry<Double, Double> above = curve.ceilingEntry(alpha);
        if (below == null || above == null || !finite(below.getValue()) || !finite(above.getValue())) {
            return Optional.empty();
        }
        double a0 = below.getKey();
        double a1 = above.getKey();
        if (a0 == a1) {
            return Optional.of(new GridInterpolation(below.getValue(), a0, a1));
        }
        double t = (alpha - a0) / (a1 - a0);
        double value = below.getValue() + t * (above.getValue() - below.getValue());
        return Optional.of(new GridInterpolation(value, a0, a1));
    }

    /** True when the alpha was computed itself (no interpolation). */
    public boolean computed() {
        return lowerAlpha == upperAlpha;
    }

    private static boolean finite(Double v) {
        return v != null && Double.isFinite(v);
    }
}
