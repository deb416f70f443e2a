package org.rftworkbench.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
