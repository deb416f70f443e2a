package org.rftworkbench.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.project.ProjectSpec;

/** The one region rule, the failure metrics' dips built on it, and project alpha grids that cannot be read. */
class CurveRegionsTest {
    @Test
    void regionsAreExactCrossingsOfTheDrawnLine() {
        List<CurveRegions.Interval> r = CurveRegions.below(new double[] {0, 0.5, 1}, new double[] {0.6, 0.4, 0.6},
                0.5);
        assertEquals(1, r.size());
        assertEquals(0.25, r.get(0).from(), 1e-12);
        assertEquals(0.75, r.get(0).to(), 1e-12);
        assertTrue(CurveRegions.below(new double[] {0, 1}, new double[] {0.4, 0.4}, Double.NaN).isEmpty());
        assertEquals(List.of(new CurveRegions.Interval(0.5, 1.0)),
                CurveRegions.belowAlphaZero(new double[] {1, 0.5, 0}, new double[] {0.3, 0.5, 0.5}).stream()
                        .map(i -> new CurveRegions.Interval(i.from(), i.to())).toList());
    }

    @Test
    void dipRangesAreTheGridAlphasInsideTheRulesRegions() {
        double[] alphas = {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 1};
        double[] acc = {0.50, 0.48, 0.47, 0.55, 0.49, 0.52, 0.40, 0.40, 0.52};
        FailureMetrics m = FailureMetrics.ofAccuracy(alphas, acc, 0.001);
        List<CurveRegions.Interval> regions = CurveRegions.below(alphas, acc, 0.50);
        assertEquals(regions.size(), m.dipRanges().size());
        for (int i = 0; i < regions.size(); i++) {
            assertTrue(regions.get(i).contains(m.dipRanges().get(i).from())
                    && regions.get(i).contains(m.dipRanges().get(i).to()), regions.get(i) + " " + m.dipRanges());
        }
        // a grid alpha exactly on the level touches two dips: the rule joins them into one region
        double[] touching = {0.50, 0.45, 0.50, 0.45, 0.55};
        double[] grid = {0, 0.25, 0.5, 0.75, 1};
        assertEquals(List.of(new FailureMetrics.AlphaRange(0.25, 0.75)),
                FailureMetrics.ofAccuracy(grid, touching, 0.001).dipRanges());
    }

    @Test
    void aProjectGridThatCannotBeReadSaysWhy() {
        RftException step = assertThrows(RftException.class,
                () -> AlphaGrids.of(new ProjectSpec.AlphaGrid(0.0, 1.0, -0.1, null)));
        assertEquals("the project's alphaGrid 0:1:-0.1: step must be positive", step.getMessage());
        RftException missing = assertThrows(RftException.class,
                () -> AlphaGrids.of(new ProjectSpec.AlphaGrid(0.0, null, 0.1, null)));
        assertTrue(missing.getMessage().contains("needs values, or start, stop and step"), missing.getMessage());
        RftException nan = assertThrows(RftException.class,
                () -> AlphaGrids.of(new ProjectSpec.AlphaGrid(null, null, null, java.util.Arrays.asList(0.0,
                        Double.NaN))));
        assertTrue(nan.getMessage().contains("not a finite number"), nan.getMessage());
        assertEquals(List.of(0.0, 0.5, 1.0), assertDoesNotThrow(new ProjectSpec.AlphaGrid(0.0, 1.0, 0.5, null)));
    }

    private static List<Double> assertDoesNotThrow(ProjectSpec.AlphaGrid grid) {
        try {
            return AlphaGrids.of(grid);
        } catch (RftException e) {
            throw new AssertionError(e);
        }
    }
}
