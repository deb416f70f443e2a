package org.rftworkbench.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Failure-mode metrics on hand-made curves. */
class FailureMetricsTest {
    private static final double[] ALPHAS = {0, 0.25, 0.5, 0.75, 1};

    @Test
    void successfulInterpolationHasAPositiveBonus() {
        double[] acc = {0.50, 0.58, 0.60, 0.55, 0.45};
        FailureMetrics m = FailureMetrics.ofAccuracy(ALPHAS, acc, FailureMetrics.DEFAULT_TOLERANCE);
        assertEquals(0.10, m.gainOverZeroShot(), 1e-12);
        assertEquals(0.10, m.gainOverEndpoints(), 1e-12);
        assertEquals(0.5, m.bestInteriorAlpha());
        assertFalse(m.failure());
        assertFalse(m.noBonus());
        assertFalse(m.strongFailure());
        assertEquals(0.60 - 0.475, m.midpointMinusChord(), 1e-12);
    }

    @Test
    void monotoneDecreaseIsAFailureWithoutADip() {
        double[] acc = {0.60, 0.58, 0.55, 0.52, 0.50};
        FailureMetrics m = FailureMetrics.ofAccuracy(ALPHAS, acc, 0.001);
        assertEquals(-0.02, m.gainOverZeroShot(), 1e-12);
        assertTrue(m.failure());
        assertTrue(m.noBonus());
        assertFalse(m.strongFailure(), "never below min(A0, A1) = 0.50");
    }

    @Test
    void dipBelowBothEndpointsIsAStrongFailureWithItsRanges() {
        double[] alphas = {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 1};
        double[] acc = {0.50, 0.48, 0.47, 0.55, 0.49, 0.52, 0.40, 0.40, 0.52};
        FailureMetrics m = FailureMetrics.ofAccuracy(alphas, acc, 0.001);
        assertTrue(m.strongFailure());
        assertEquals(List.of(new FailureMetrics.AlphaRange(0.1, 0.2), new FailureMetrics.AlphaRange(0.4, 0.4),
                new FailureMetrics.AlphaRange(0.6, 0.7)), m.dipRanges());
        assertEquals(0.05, m.gainOverZeroShot(), 1e-12);
        assertEquals(0.03, m.gainOverEndpoints(), 1e-12);
        assertEquals(0.3, m.bestInteriorAlpha());
    }

    @Test
    void midpointIsInterpolatedWhenOffTheGrid() {
        double[] alphas = {0, 0.4, 0.6, 1};
        double[] acc = {0.2, 0.4, 0.6, 0.2};
        assertEquals(0.5 - 0.2, FailureMetrics.ofAccuracy(alphas, acc, 0).midpointMinusChord(), 1e-12);
    }

    @Test
    void barrierOnAnErrorCurve() {
        double[] err = {0.30, 0.40, 0.45, 0.25, 0.10};
        FailureMetrics.Barrier b = FailureMetrics.barrier(ALPHAS, err);
        assertEquals(0.45 - 0.20, b.instability(), 1e-12);
        assertEquals(0.5, b.alphaAtMax());
        assertEquals(0.45 - 0.20, b.aboveLinear(), 1e-12);
        FailureMetrics.Barrier convex = FailureMetrics.barrier(ALPHAS, new double[] {0.4, 0.3, 0.2, 0.15, 0.1});
        assertEquals(0.4 - 0.25, convex.instability(), 1e-12, "the Frankle form counts the higher endpoint");
        assertEquals(0, convex.aboveLinear(), 1e-12, "a curve below its chord has no barrier above the line");
    }

    @Test
    void gridsWithoutBothEndpointsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> FailureMetrics.ofAccuracy(new double[] {0, 0.5}, new double[] {1, 2}, 0));
        assertThrows(IllegalArgumentException.class,
                () -> FailureMetrics.barrier(new double[] {0, 1, 0.5}, new double[] {1, 2, 3}));
    }
}
