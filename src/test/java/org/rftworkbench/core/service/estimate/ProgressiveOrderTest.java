package org.rftworkbench.core.service.estimate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rftworkbench.core.eval.CoarseFirstOrder;

/** Stratified orders, prefix schedules and the coarse-first grid order. */
class ProgressiveOrderTest {
    @Test
    void stratifiedOrderIsAFixedPermutationWithProportionalPrefixes() {
        // 3 classes of sizes 60, 30, 10
        int[] labels = new int[100];
        for (int i = 0; i < 100; i++) {
            labels[i] = i < 60 ? 0 : i < 90 ? 1 : 2;
        }
        int[] order = StratifiedOrder.of(labels, 3, 7);
        int[] sorted = order.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 100; i++) {
            assertEquals(i, sorted[i], "a permutation");
        }
        assertArrayEquals(order, StratifiedOrder.of(labels, 3, 7), "fixed seed");
        assertTrue(!Arrays.equals(order, StratifiedOrder.of(labels, 3, 8)), "the seed matters");
        for (int prefix : new int[] {10, 20, 50}) {
            int[] perClass = new int[3];
            for (int i = 0; i < prefix; i++) {
                perClass[labels[order[i]]]++;
            }
            assertEquals(prefix * 0.6, perClass[0], 1.0, "class 0 in the first " + prefix);
            assertEquals(prefix * 0.3, perClass[1], 1.0, "class 1 in the first " + prefix);
            assertEquals(prefix * 0.1, perClass[2], 1.0, "class 2 in the first " + prefix);
        }
    }

    @Test
    void balancedClassesAreRoundRobin() {
        int[] labels = new int[40];
        for (int i = 0; i < 40; i++) {
            labels[i] = i % 4;
        }
        int[] order = StratifiedOrder.of(labels, 4, StratifiedOrder.DEFAULT_SEED);
        for (int i = 0; i < 40; i++) {
            assertEquals(i % 4, labels[order[i]]);
        }
    }

    @Test
    void scheduleGrowsGeometricallyAndEndsWithTheFullSet() {
        ProgressiveSchedule s = ProgressiveSchedule.DEFAULT;
        assertArrayEquals(new int[] {64, 256, 1024, 1400}, s.prefixSizes(1400));
        assertArrayEquals(new int[] {40}, s.prefixSizes(40));
        assertArrayEquals(new int[] {64}, s.prefixSizes(64));
        assertArrayEquals(new int[] {}, s.prefixSizes(0));
        assertEquals(1400, s.prefixAt(9, 1400));
        assertEquals(4, s.steps(1600));
        assertArrayEquals(new int[] {2, 6, 18, 20}, new ProgressiveSchedule(2, 3).prefixSizes(20));
    }

    @Test
    void coarseFirstBisectsTheGrid() {
        List<Double> grid = List.of(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0);
        List<Double> order = CoarseFirstOrder.of(grid);
        assertEquals(List.of(0.0, 1.0, 0.5, 0.2, 0.7, 0.1, 0.3, 0.6, 0.8, 0.4, 0.9), order);
        assertEquals(List.of(0.0, 1.0, 0.5, 0.25, 0.75), CoarseFirstOrder.of(List.of(1.0, 0.75, 0.5, 0.25, 0.0)));
        assertEquals(List.of(0.3), CoarseFirstOrder.of(List.of(0.3, 0.3)));
    }
}
