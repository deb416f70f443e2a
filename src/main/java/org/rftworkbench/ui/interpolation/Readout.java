package org.rftworkbench.ui.interpolation;

import java.util.Locale;
import org.rftworkbench.core.service.Estimate;

/**
 * One row of the live readouts: a dataset's accuracy at the current alpha, as a progressive estimate with its 95%
 * interval until the full set has been evaluated.
 *
 * @param dataset name ("avg_ood" for the OOD average)
 * @param role    "id", "ood" or "avg"
 * @param estimate latest estimate, or null while nothing is known
 */
public record Readout(String dataset, String role, Estimate estimate) {

    /**
     * "84.63 %" when exact, "84.1 % [81.2, 86.7] n=256" while estimating, "…" when unknown; followed by
     * " ⚠ 12 non-finite" when images gave NaN/Inf logits (they count as wrong).
     */
    public String text() {
        if (estimate == null) {
            return "…";
        }
        String marker = estimate.nonFinite() > 0 ? " ⚠ " + estimate.nonFinite() + " non-finite" : "";
        if (estimate.exact()) {
            return String.format(Locale.ROOT, "%.2f %%", 100 * estimate.top1()) + marker;
        }
        return String.format(Locale.ROOT, "%.1f %% [%.1f, %.1f] n=%d", 100 * estimate.top1(), 100 * estimate.low(),
                100 * estimate.high(), estimate.n()) + marker;
    }
}
