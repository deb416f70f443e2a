package org.rftworkbench.ui.interpolation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.rftworkbench.core.service.Estimate;

/** The readout marks images whose logits were NaN/Inf (they count as wrong) and instant estimates as such. */
class ReadoutTest {
    @Test
    void nonFiniteImagesAreMarked() {
        Estimate exact = new Estimate("ood", 4, 10, 10, 0.4, 0.17, 0.69, 1.0, true, 3);
        assertEquals("40.00 % ⚠ 3 non-finite", new Readout("ood", "ood", exact).text());
        Estimate partial = new Estimate("ood", 4, 10, 100, 0.4, 0.17, 0.69, 1.0, false, 3);
        assertEquals("40.0 % [17.0, 69.0] n=10 ⚠ 3 non-finite", new Readout("ood", "ood", partial).text());
        Estimate finite = new Estimate("ood", 5, 10, 10, 0.5, 0.24, 0.76, 1.0, true);
        assertEquals("50.00 %", new Readout("ood", "ood", finite).text());
    }

    @Test
    void anInstantEstimateSaysItIsInterpolatedAndFromWhere() {
        Readout.Instant flipped = new Readout.Instant(0.713, 1 - 0.7, 1 - 0.6);
        assertEquals("≈ 71.3 % interpolated from α 0.3 and 0.4", new Readout("id", "id", null, flipped).text());
        assertEquals("84.63 % computed at α 0.3", new Readout("id", "id", null, new Readout.Instant(0.8463, 0.3, 0.3))
                .text());
        Estimate measured = new Estimate("id", 5, 10, 100, 0.5, 0.24, 0.76, 1.0, false);
        assertEquals("50.0 % [24.0, 76.0] n=10", new Readout("id", "id", measured, flipped).text(),
                "a measured estimate wins");
        assertEquals("…", new Readout("id", "id", null, null).text());
    }
}
