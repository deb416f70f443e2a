package org.rftworkbench.figures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FailureRegionsTest {
    @Test
    void edgesAreTheCrossingsOfThePlottedLine() {
        // level 0.5 at alpha 0; the line drops below between 0.5 (0.6) and 0.75 (0.4): crossing at 0.5 + 0.25/2
        Curve c = new Curve("avg", new double[] {0, 0.25, 0.5, 0.75, 1.0}, new double[] {0.5, 0.7, 0.6, 0.4, 0.45});
        List<FailureRegions.Interval> r = FailureRegions.of(c);
        assertEquals(1, r.size());
        assertEquals(0.625, r.get(0).from(), 1e-12);
        assertEquals(1.0, r.get(0).to(), 1e-12);
    }

    @Test
    void separateDipsStaySeparateAndOrderDoesNotMatter() {
        Curve c = new Curve("avg", new double[] {1.0, 0.5, 0, 0.25, 0.75},
                new double[] {0.6, 0.6, 0.5, 0.4, 0.4});
        List<FailureRegions.Interval> r = FailureRegions.of(c);
        assertEquals(2, r.size(), r.toString());
        assertEquals(0.0, r.get(0).from(), 1e-12);
        assertEquals(0.25 + 0.25 * 0.5, r.get(0).to(), 1e-12); // 0.4 -> 0.6 crosses 0.5 halfway
        assertEquals(0.5 + 0.25 * 0.5, r.get(1).from(), 1e-12);
        assertEquals(0.75 + 0.25 * 0.5, r.get(1).to(), 1e-12);
    }

    @Test
    void noAlphaZeroOrNeverBelowMeansNoRegion() {
        assertTrue(FailureRegions.of(new Curve("a", new double[] {0.5, 1}, new double[] {0.1, 0.0})).isEmpty());
        assertTrue(FailureRegions.of(new Curve("a", new double[] {0, 1}, new double[] {0.5, 0.5})).isEmpty());
    }

    @Test
    void theFailureMetricsDipsAreTheFiguresRegionsWhenAlphaZeroIsTheLowerEndpoint() {
        double[] alphas = {0, 0.25, 0.5, 0.75, 1.0};
        double[] avg = {0.50, 0.47, 0.55, 0.45, 0.60};
        List<FailureRegions.Interval> shaded = FailureRegions.of(new Curve("avg", alphas, avg));
        var dips = org.rftworkbench.core.eval.FailureMetrics.ofAccuracy(alphas, avg, 0.001).dipRanges();
        assertEquals(2, shaded.size());
        assertEquals(shaded.size(), dips.size());
        for (int i = 0; i < dips.size(); i++) {
            FailureRegions.Interval r = shaded.get(i);
            assertTrue(r.from() < dips.get(i).from() && dips.get(i).to() < r.to(), r + " vs " + dips.get(i));
        }
    }
}
