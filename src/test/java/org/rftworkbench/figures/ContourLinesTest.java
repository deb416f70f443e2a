package org.rftworkbench.figures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Marching squares: lines where a plane function crosses, closed loops of a bump, NaN holes, saddles, levels. */
class ContourLinesTest {
    private static double[] axis(double from, double to, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = from + (to - from) * i / (n - 1);
        }
        return a;
    }

    private static double[][] sample(double[] us, double[] vs, java.util.function.DoubleBinaryOperator f) {
        double[][] g = new double[us.length][vs.length];
        for (int i = 0; i < us.length; i++) {
            for (int j = 0; j < vs.length; j++) {
                g[i][j] = f.applyAsDouble(us[i], vs[j]);
            }
        }
        return g;
    }

    @Test
    void aLinearFunctionsContoursLieExactlyOnItsLevelSets() {
        double[] us = axis(-0.2, 1.2, 15);
        double[] vs = axis(-0.2, 1.2, 15);
        double[][] f = sample(us, vs, (u, v) -> u + v);
        List<ContourLines.Segment> segments = ContourLines.trace(us, vs, f, new double[] {0.5, 1.3});
        assertFalse(segments.isEmpty());
        for (ContourLines.Segment s : segments) {
            assertEquals(s.level(), s.u1() + s.v1(), 1e-12);
            assertEquals(s.level(), s.u2() + s.v2(), 1e-12);
        }
        // the level-0.5 line runs from (-0.2, 0.7) to (0.7, -0.2): its segments' length adds up to that distance
        double length = segments.stream().filter(s -> s.level() == 0.5)
                .mapToDouble(s -> Math.hypot(s.u2() - s.u1(), s.v2() - s.v1())).sum();
        assertEquals(0.9 * Math.sqrt(2), length, 1e-9);
    }

    @Test
    void aBumpGivesAClosedLoopOfTheRightRadius() {
        double[] us = axis(-1, 1, 81);
        double[] vs = axis(-1, 1, 81);
        double[][] f = sample(us, vs, (u, v) -> 1 - (u * u + v * v));
        List<ContourLines.Segment> segments = ContourLines.trace(us, vs, f, new double[] {0.75});
        assertTrue(segments.size() > 20);
        for (ContourLines.Segment s : segments) {
            assertEquals(0.5, Math.hypot(s.u1(), s.v1()), 2e-3);
            assertEquals(0.5, Math.hypot(s.u2(), s.v2()), 2e-3);
        }
        double length = segments.stream().mapToDouble(s -> Math.hypot(s.u2() - s.u1(), s.v2() - s.v1())).sum();
        assertEquals(Math.PI, length, 0.01); // circumference 2 pi r, r = 0.5
    }

    @Test
    void squaresTouchingAMissingValueDrawNothing() {
        double[] us = axis(0, 1, 3);
        double[] vs = axis(0, 1, 3);
        double[][] f = sample(us, vs, (u, v) -> u);
        f[1][1] = Double.NaN; // the middle point touches all four squares
        assertTrue(ContourLines.trace(us, vs, f, new double[] {0.25, 0.75}).isEmpty());
        f[1][1] = 0.5;
        assertEquals(4, ContourLines.trace(us, vs, f, new double[] {0.25, 0.75}).size());
    }

    @Test
    void saddlesAreResolvedByTheCentre() {
        double[] us = {0, 1};
        double[] vs = {0, 1};
        // corners 0 and 2 high, 1 and 3 low
        double[][] highCentre = {{1, 0}, {0, 1.5}}; // f[i][j]: (0,0)=1, (0,1)=0, (1,0)=0, (1,1)=1.5; mean 0.625
        List<ContourLines.Segment> a = ContourLines.trace(us, vs, highCentre, new double[] {0.5});
        assertEquals(2, a.size());
        // high centre: the high corners connect; the low corners (1,0) and (0,1) are cut off
        for (ContourLines.Segment s : a) {
            double mu = (s.u1() + s.u2()) / 2;
            double mv = (s.v1() + s.v2()) / 2;
            assertTrue(mu > 0.5 && mv < 0.5 || mu < 0.5 && mv > 0.5, s.toString());
        }
        double[][] lowCentre = {{0.6, 0}, {0, 0.6}}; // mean 0.3
        for (ContourLines.Segment s : ContourLines.trace(us, vs, lowCentre, new double[] {0.5})) {
            double mu = (s.u1() + s.u2()) / 2;
            double mv = (s.v1() + s.v2()) / 2;
            assertTrue(mu < 0.5 && mv < 0.5 || mu > 0.5 && mv > 0.5, s.toString()); // high corners cut off
        }
        assertEquals(a, ContourLines.trace(us, vs, highCentre, new double[] {0.5})); // deterministic
    }

    @Test
    void levelsAreRoundAndInside() {
        assertArrayEquals(new double[] {30, 40, 50, 60, 70}, ContourLines.niceLevels(27.0, 70.7, 4), 1e-9);
        assertArrayEquals(new double[] {0.4, 0.5, 0.6, 0.7, 0.8}, ContourLines.niceLevels(0.35, 0.87, 4), 1e-9);
        assertArrayEquals(new double[] {61, 62, 63, 64}, ContourLines.niceLevels(60.5, 64.5, 4), 1e-9);
        assertEquals(0, ContourLines.niceLevels(1, 1, 4).length);
    }
}
