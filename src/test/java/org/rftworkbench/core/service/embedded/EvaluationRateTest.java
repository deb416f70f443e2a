package org.rftworkbench.core.service.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The device's evaluation rate keeps the fastest sizeable measurement. */
class EvaluationRateTest {

    @Test
    void unknownUntilAnEvaluationOfEnoughImages() {
        EvaluationRate rate = new EvaluationRate();
        assertTrue(Double.isNaN(rate.imagesPerSecond()));
        rate.record(EvaluationRate.MIN_IMAGES - 1, 1_000_000L); // too small to say anything
        assertTrue(Double.isNaN(rate.imagesPerSecond()));
        rate.record(100, 0L); // no duration
        assertTrue(Double.isNaN(rate.imagesPerSecond()));
    }

    @Test
    void keepsTheFastestRateSoWarmUpDoesNotCount() {
        EvaluationRate rate = new EvaluationRate();
        rate.record(64, 32_000_000_000L); // the first, cold evaluation: 2 images/s
        assertEquals(2.0, rate.imagesPerSecond(), 1e-12);
        rate.record(2400, 320_000_000_000L); // 7.5 images/s
        assertEquals(7.5, rate.imagesPerSecond(), 1e-12);
        rate.record(128, 64_000_000_000L); // a slower one later (a loaded machine) leaves it
        assertEquals(7.5, rate.imagesPerSecond(), 1e-12);
    }
}
