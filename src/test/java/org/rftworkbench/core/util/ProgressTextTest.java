package org.rftworkbench.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProgressTextTest {
    private static final long S = 1_000_000_000L;

    @Test
    void theConsoleLineNamesCountsRateAndTimeLeft() {
        ProgressRate r = new ProgressRate();
        r.update("prepare imagenet_val", 0, 50_000, "images", 0);
        assertEquals("prepare imagenet_val: 0/50,000 images", ProgressText.line(r, 0));
        r.update("prepare imagenet_val", 1_310, 50_000, "images", 5 * S);
        assertEquals("prepare imagenet_val: 1,310/50,000 images, 262 images/s, 3 min 6 s left",
                ProgressText.line(r, 5 * S));
        assertEquals("prepare imagenet_val: 1,310/50,000 images, 262 images/s", ProgressText.status(r));
        r.update("prepare imagenet_val", 50_000, 50_000, "images", 190 * S);
        assertEquals("prepare imagenet_val: 50,000/50,000 images", ProgressText.line(r, 190 * S));
    }

    @Test
    void timesRatesAndCountsInPlainWords() {
        assertEquals("", ProgressText.timeLeft(Double.NaN));
        assertEquals("", ProgressText.timeLeft(0));
        assertEquals("1 s left", ProgressText.timeLeft(0.2));
        assertEquals("59 s left", ProgressText.timeLeft(58.4));
        assertEquals("1 min left", ProgressText.timeLeft(60));
        assertEquals("3 min 6 s left", ProgressText.timeLeft(185.1));
        assertEquals("1 h left", ProgressText.timeLeft(3600));
        assertEquals("2 h 5 min left", ProgressText.timeLeft(2 * 3600 + 4 * 60 + 1));
        assertEquals("262 images/s", ProgressText.rate(261.9, "images"));
        assertEquals("1,262 images/s", ProgressText.rate(1262, "images"));
        assertEquals("2.5 tensors/s", ProgressText.rate(2.5, "tensors"));
        assertEquals("0.25/s", ProgressText.rate(0.25, null));
        assertEquals("3/10", ProgressText.counts(3, 10, null));
        assertEquals("12,000 images", ProgressText.counts(12_000, -1, "images"));
    }
}
