package org.rftworkbench.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class GridInterpolationTest {
    private final TreeMap<Double, Double> curve = new TreeMap<>(Map.of(0.0, 0.60, 0.3, 0.70, 0.4, 0.74, 1.0, 0.50));

    @Test
    void betweenTwoComputedAlphasTheEstimateIsOnTheLineBetweenThem() {
        GridInterpolation g = GridInterpolation.at(curve, 0.35).orElseThrow();
        assertEquals(0.72, g.value(), 1e-12);
        assertEquals(0.3, g.lowerAlpha());
        assertEquals(0.4, g.upperAlpha());
        assertFalse(g.computed());
        assertEquals(0.7 + 0.25 * 0.04, GridInterpolation.at(curve, 0.325).orElseThrow().value(), 1e-12);
        assertEquals(0.74 - 0.24 * (0.7 - 0.4) / 0.6, GridInterpolation.at(curve, 0.7).orElseThrow().value(), 1e-12);
    }

    @Test
    void aComputedAlphaGivesItsOwnValue() {
        GridInterpolation g = GridInterpolation.at(curve, 0.4).orElseThrow();
        assertEquals(0.74, g.value());
        assertTrue(g.computed());
    }

    @Test
    void noEstimateOutsideTheComputedRangeOrNextToANonFiniteValue() {
        TreeMap<Double, Double> middle = new TreeMap<>(Map.of(0.3, 0.7, 0.5, 0.8));
        assertEquals(Optional.empty(), GridInterpolation.at(middle, 0.2), "below the computed range");
        assertEquals(Optional.empty(), GridInterpolation.at(middle, 0.6), "above it");
        assertEquals(Optional.empty(), GridInterpolation.at(new TreeMap<>(), 0.5));
        assertEquals(Optional.empty(), GridInterpolation.at(middle, Double.NaN));
        TreeMap<Double, Double> broken = new TreeMap<>(Map.of(0.0, 0.6, 0.5, Double.NaN, 1.0, 0.5));
        assertEquals(Optional.empty(), GridInterpolation.at(broken, 0.25), "a NaN neighbour");
        assertEquals(Optional.empty(), GridInterpolation.at(broken, 0.75));
        assertEquals(Optional.empty(), GridInterpolation.at(broken, 0.5), "a NaN at the alpha itself");
        assertEquals(0.6, GridInterpolation.at(broken, 0.0).orElseThrow().value());
    }
}
