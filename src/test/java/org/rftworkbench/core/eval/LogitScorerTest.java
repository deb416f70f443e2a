package org.rftworkbench.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Metrics on hand-made logits, including ties and class-subset masking. */
class LogitScorerTest {
    @Test
    void topKLossAndPerClassOnHandMadeLogits() {
        LogitScorer s = new LogitScorer(null, 6);
        // image 0: class 2 wins clearly
        s.add(new float[] {0, 1, 5, 0, 0, 0}, 0, 6, 2, 2);
        // image 1: true class 0 ranks 6th (last): top-1 and top-5 miss
        s.add(new float[] {-9, 1, 2, 3, 4, 5}, 0, 6, 0, 0);
        // image 2: tie between class 1 and the true class 3 -> lower index wins, true class ranks 2nd
        s.add(new float[] {0, 7, 0, 7, 0, 0}, 0, 6, 3, 3);
        DatasetMetrics m = s.result("hand", List.of("a", "b", "c", "d", "e", "f"));
        assertEquals(3, m.n());
        assertEquals(1, m.correctTop1());
        assertEquals(2, m.correctTop5());
        double loss0 = Math.log(Math.exp(0) * 4 + Math.exp(1) + Math.exp(5)) - 5;
        double loss1 = Math.log(Math.exp(-9) + Math.exp(1) + Math.exp(2) + Math.exp(3) + Math.exp(4) + Math.exp(5)) + 9;
        double loss2 = Math.log(2 * Math.exp(7) + 4) - 7;
        assertEquals((loss0 + loss1 + loss2) / 3, m.loss(), 1e-12);
        assertEquals(1.0, m.classAccuracy(2));
        assertEquals(0.0, m.classAccuracy(3));
        assertEquals(Double.NaN, m.classAccuracy(5));
    }

    @Test
    void subsetMasksOtherHeadClasses() {
        // dataset has 2 classes mapped to head columns 4 and 1; column 0 has the highest logit but is not in the subset
        LogitScorer s = new LogitScorer(new int[] {4, 1}, 2);
        s.add(new float[] {9, 1, 0, 0, 2}, 0, 5, 0, 0);
        DatasetMetrics m = s.result("subset", List.of("x", "y"));
        assertEquals(1, m.correctTop1());
        assertEquals(Math.log(Math.exp(2) + Math.exp(1)) - 2, m.loss(), 1e-12);
    }

    @Test
    void rowsWithNanOrInfCountAsWrongAndAreCountedButLeftOutOfTheLoss() {
        LogitScorer s = new LogitScorer(null, 6);
        // all NaN: every comparison with NaN is false, so a naive ranking puts the true class first
        s.add(new float[] {Float.NaN, Float.NaN, Float.NaN, Float.NaN, Float.NaN, Float.NaN}, 0, 6, 2, 2);
        // one NaN in another column, the true class has the largest finite logit
        s.add(new float[] {0, Float.NaN, 9, 0, 0, 0}, 0, 6, 2, 2);
        // +Inf in the true class column, -Inf elsewhere
        s.add(new float[] {Float.NEGATIVE_INFINITY, 0, Float.POSITIVE_INFINITY, 0, 0, 0}, 0, 6, 2, 2);
        // one finite, correct row, second row of a two-image batch
        s.add(new float[] {Float.NaN, 0, 0, 0, 0, 0, 0, 1, 5, 0, 0, 0}, 6, 6, 2, 2);
        DatasetMetrics m = s.result("nan", List.of("a", "b", "c", "d", "e", "f"));
        assertEquals(4, m.n());
        assertEquals(3, m.nonFinite());
        assertEquals(1, m.correctTop1(), "only the finite row is correct");
        assertEquals(1, m.correctTop5(), "6 classes: top-5 would include the true class of any row with a rank");
        assertEquals(0.25, m.top1());
        assertEquals(0.25, m.classAccuracy(2));
        double finiteLoss = Math.log(Math.exp(0) * 4 + Math.exp(1) + Math.exp(5)) - 5;
        assertEquals(finiteLoss, m.loss(), 1e-12, "mean over the one finite row");
        assertTrue(Double.isFinite(m.lossSum()));
    }

    @Test
    void allRowsNonFiniteGiveZeroAccuracyAndNoLoss() {
        LogitScorer s = new LogitScorer(null, 2);
        s.add(new float[] {Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY}, 0, 2, 0, 0);
        s.add(new float[] {Float.NaN, 1}, 0, 2, 1, 1);
        DatasetMetrics m = s.result("inf", List.of("a", "b"));
        assertEquals(0.0, m.top1());
        assertEquals(0.0, m.top5());
        assertEquals(2, m.nonFinite());
        assertEquals(Double.NaN, m.loss());
    }

    @Test
    void subsetRowsAreCheckedOnTheSubsetColumnsOnly() {
        // NaN in head column 0, which the subset does not use: the row is scored as before
        LogitScorer s = new LogitScorer(new int[] {4, 1}, 2);
        s.add(new float[] {Float.NaN, 1, 0, 0, 2}, 0, 5, 0, 0);
        s.add(new float[] {0, Float.NaN, 0, 0, 2}, 0, 5, 0, 0);
        DatasetMetrics m = s.result("subset", List.of("x", "y"));
        assertEquals(1, m.correctTop1());
        assertEquals(1, m.nonFinite());
        assertEquals(Math.log(Math.exp(2) + Math.exp(1)) - 2, m.loss(), 1e-12);
    }
}
