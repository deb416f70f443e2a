package org.rftworkbench.ui.interpolation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.rftworkbench.core.service.Estimate;

/** The readout marks images whose logits were NaN/Inf (they count as wrong). */
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
}
