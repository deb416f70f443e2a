package org.rftworkbench.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The time-left rule: measured from the run's own updates, right or absent (NaN), never a stale "0 s left". */
class ProgressRateTest {
    private static final long S = 1_000_000_000L;

    @Test
    void rateAndTimeLeftComeFromTheUnitsDoneSinceTheRunStarted() {
        ProgressRate r = new ProgressRate();
        r.update("prepare val", 0, 50_000, "images", 100 * S);
        assertTrue(Double.isNaN(r.perSecond()), "one update: no rate");
        assertTrue(Double.isNaN(r.secondsLeft(100 * S)));
        r.update("prepare val", 1_200, 50_000, "images", 100 * S + S / 2);
        assertTrue(Double.isNaN(r.perSecond()), "half a second is too short to measure");
        r.update("prepare val", 2_000, 50_000, "images", 110 * S);
        assertEquals(200, r.perSecond(), 1e-9);
        assertEquals(240, r.secondsLeft(110 * S), 1e-9);
        assertEquals(230, r.secondsLeft(120 * S), 1e-9, "counts down between updates");
    }

    @Test
    void aLateUpdateOrACompleteTaskGivesNoFigure() {
        ProgressRate r = new ProgressRate();
        r.update("load A", 0, 100, "tensors", 0);
        r.update("load A", 50, 100, "tensors", 10 * S);
        assertEquals(10, r.secondsLeft(10 * S), 1e-9);
        assertTrue(Double.isNaN(r.secondsLeft(21 * S)), "the countdown ran out: the figure would be wrong");
        r.update("load A", 100, 100, "tensors", 20 * S);
        assertTrue(r.complete());
        assertTrue(Double.isNaN(r.secondsLeft(20 * S)), "done: nothing left to wait for in this task");
        assertTrue(Double.isNaN(r.secondsLeft(90 * S)), "and no \"0 s left\" while the job goes on with other work");
    }

    @Test
    void aNewRunRestartsTheMeasurementButARenamedTaskThatCountsOnDoesNot() {
        ProgressRate r = new ProgressRate();
        r.update("prepare id", 0, 1000, "images", 0);
        r.update("prepare id", 1000, 1000, "images", 100 * S); // 10 images/s
        r.update("prepare ood", 0, 1000, "images", 100 * S); // count went back: the next dataset
        r.update("prepare ood", 500, 1000, "images", 105 * S);
        assertEquals(100, r.perSecond(), 1e-9, "the second set's own rate, not the first one's");
        assertEquals(5, r.secondsLeft(105 * S), 1e-9);

        ProgressRate sweep = new ProgressRate();
        sweep.update("alpha 0.0 id", 0, 400, "images", 0);
        sweep.update("alpha 0.0 id", 100, 400, "images", 10 * S);
        sweep.update("alpha 0.0 ood", 200, 400, "images", 20 * S);
        assertEquals(10, sweep.perSecond(), 1e-9, "one counter across cells");
        assertEquals("alpha 0.0 ood", sweep.task());

        ProgressRate other = new ProgressRate();
        other.update("t", 0, 100, "images", 0);
        other.update("t", 10, 100, "tensors", 10 * S);
        assertTrue(Double.isNaN(other.perSecond()), "another unit is another run");
    }

    @Test
    void unknownTotalsHaveARateButNoTimeLeft() {
        ProgressRate r = new ProgressRate();
        r.update("batches", 0, -1, null, 0);
        r.update("batches", 30, -1, null, 3 * S);
        assertEquals(10, r.perSecond(), 1e-9);
        assertTrue(Double.isNaN(r.secondsLeft(3 * S)));
        assertFalse(r.complete());
    }
}
