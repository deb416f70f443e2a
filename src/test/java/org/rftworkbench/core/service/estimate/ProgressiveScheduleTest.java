package org.rftworkbench.core.service.estimate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** The prefix sizes and the time-budgeted first step of a progressive preview. */
class ProgressiveScheduleTest {

    @Test
    void prefixesGrowByTheFactorAndEndWithTheWholeSet() {
        assertArrayEquals(new int[] {64, 256, 1024, 2000}, ProgressiveSchedule.DEFAULT.prefixSizes(2000));
        assertArrayEquals(new int[] {40}, ProgressiveSchedule.DEFAULT.prefixSizes(40));
        assertEquals(4, ProgressiveSchedule.DEFAULT.steps(2000));
    }

    @Test
    void aSlowDeviceGetsASmallerFirstStepWithinTheBudget() {
        // ViT-B/32 on two CPU cores: 7.5 images/s, 3 s, two datasets -> 11 images each (about 2.9 s of evaluation)
        ProgressiveSchedule slow = ProgressiveSchedule.DEFAULT.within(3.0, 7.5, 2);
        assertEquals(new ProgressiveSchedule(11, 4), slow);
        assertArrayEquals(new int[] {11, 44, 176, 704, 2000}, slow.prefixSizes(2000));
    }

    @Test
    void theFirstStepNeverShrinksBelowTheMinimumNorGrows() {
        assertEquals(ProgressiveSchedule.MIN_FIRST, ProgressiveSchedule.DEFAULT.within(3.0, 1.0, 6).first());
        ProgressiveSchedule fast = ProgressiveSchedule.DEFAULT.within(3.0, 2000.0, 6);
        assertSame(ProgressiveSchedule.DEFAULT, fast, "a fast device keeps the default schedule");
        ProgressiveSchedule tiny = new ProgressiveSchedule(4, 2);
        assertSame(tiny, tiny.within(3.0, 1.0, 2), "a first step already below the minimum is kept");
    }

    @Test
    void anUnknownRateKeepsTheSchedule() {
        assertSame(ProgressiveSchedule.DEFAULT, ProgressiveSchedule.DEFAULT.within(3.0, Double.NaN, 2));
        assertSame(ProgressiveSchedule.DEFAULT, ProgressiveSchedule.DEFAULT.within(3.0, 0.0, 2));
        assertSame(ProgressiveSchedule.DEFAULT, ProgressiveSchedule.DEFAULT.within(3.0, 5.0, 0));
    }
}
