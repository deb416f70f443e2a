package org.rftworkbench.core.sharpness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class ApgdScheduleTest {
    @Test
    void checkpointsForTwentyStepsAreTheReferenceOnes() {
        // 0.7 * 20 = 14.000000000000002 in double precision, so the fourth checkpoint is 15, not 14
        assertArrayEquals(new int[] {5, 9, 12, 15, 16, 18, 19, 20}, ApgdSchedule.checkpoints(20));
    }

    @Test
    void shortRunsStopWhenAnIndexRepeatsOrReachesT() {
        assertArrayEquals(new int[] {1}, ApgdSchedule.checkpoints(1));
        assertArrayEquals(new int[] {2, 3, 3}, ApgdSchedule.checkpoints(5));
    }
}
