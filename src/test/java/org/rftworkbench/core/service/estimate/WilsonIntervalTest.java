package org.rftworkbench.core.service.estimate;

import org.rftworkbench.core.service.Estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Wilson intervals against references computed independently with Debian's python3 from the closed form
 * (z = 1.959963984540054); 81/263 is Newcombe's (1998) worked example, published as 0.2553 to 0.3662.
 */
class WilsonIntervalTest {
    @Test
    void matchesReferenceValues() {
        check(0, 10, 0.0, 0.2775327998628892);
        check(10, 10, 0.7224672001371107, 1.0);
        check(5, 10, 0.236593090512564, 0.7634069094874361);
        check(81, 263, 0.2552885198782742, 0.36620957698280004);
        check(1, 64, 0.002763541923337505, 0.08334101600094265);
        check(63, 64, 0.9166589839990573, 0.9972364580766624);
        WilsonInterval newcombe = WilsonInterval.of95(81, 263);
        assertEquals(0.2553, newcombe.low(), 5e-5);
        assertEquals(0.3662, newcombe.high(), 5e-5);
    }

    @Test
    void nothingEvaluatedMeansNothingKnownAndBadCountsAreRefused() {
        assertEquals(new WilsonInterval(0, 1), WilsonInterval.of95(0, 0));
        assertThrows(IllegalArgumentException.class, () -> WilsonInterval.of95(11, 10));
    }

    @Test
    void oodAverageIsTheMeanWithVariancesAdded() {
        Estimate a = EstimateMath.estimate("a", counts(5, 10), 100);
        Estimate b = EstimateMath.estimate("b", counts(81, 263), 263);
        Estimate avg = EstimateMath.averageOod(List.of(a, b));
        assertEquals((0.5 + 81.0 / 263) / 2, avg.top1(), 1e-15);
        double seA = (0.7634069094874361 - 0.236593090512564) / 2 / WilsonInterval.Z95;
        double seB = (0.36620957698280004 - 0.2552885198782742) / 2 / WilsonInterval.Z95;
        double half = WilsonInterval.Z95 * Math.sqrt(seA * seA + seB * seB) / 2;
        assertEquals(avg.top1() - half, avg.low(), 1e-12);
        assertEquals(avg.top1() + half, avg.high(), 1e-12);
        assertEquals(false, avg.exact(), "a is a 10 of 100 subset");
        assertEquals(true, b.exact());
    }

    private static CellCounts counts(long correct, long n) {
        return new CellCounts(n, correct, correct, 0, new long[] {correct}, new long[] {n});
    }

    private static void check(long k, long n, double low, double high) {
        WilsonInterval w = WilsonInterval.of95(k, n);
        assertEquals(low, w.low(), 1e-12, k + "/" + n + " low");
        assertEquals(high, w.high(), 1e-12, k + "/" + n + " high");
    }
}
