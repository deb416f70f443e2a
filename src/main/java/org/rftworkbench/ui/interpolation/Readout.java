package org.rftworkbench.ui.interpolation;

import java.math.BigDecimal;
import java.util.Locale;
import org.rftworkbench.core.service.Estimate;

/**
 * One row of the live readouts: a dataset's accuracy at the current alpha, as a progressive estimate with its 95%
 * interval until the full set has been evaluated; before the first measured estimate, an instant one interpolated
 * from the computed grid, labelled as such.
 *
 * @param dataset  name ("avg_ood" for the OOD average)
 * @param role     "id", "ood" or "avg"
 * @param estimate latest measured estimate, or null while none has arrived
 * @param instant  the grid's interpolation at the current alpha, or null (none, or superseded by {@code estimate})
 */
public record Readout(String dataset, String role, Estimate estimate, Instant instant) {

    /** A row without an instant estimate. */
    public Readout(String dataset, String role, Estimate estimate) {
        this(dataset, role, estimate, null);
    }

    /**
     * The grid's value at the current alpha: linear between two computed alphas, or a computed alpha's own value
     * ({@code from == to}).
     *
     * @param top1 top-1 as a fraction
     * @param from the computed alpha below, as displayed (in the flipped convention when the window flips)
     * @param to   the computed alpha above, as displayed
     */
    public record Instant(double top1, double from, double to) {
    }

    /**
     * "84.63 %" when exact, "84.1 % [81.2, 86.7] n=256" while estimating, "≈ 71.3 % interpolated from α 0.3 and 0.4"
     * or "84.63 % computed at α 0.3" from the grid before any measured estimate, "…" when nothing is known; followed
     * by " ⚠ 12 non-finite" when images gave NaN/Inf logits (they count as wrong).
     */
    public String text() {
        if (estimate == null) {
            if (instant == null) {
                return "…";
            }
            if (instant.from() == instant.to()) {
                return String.format(Locale.ROOT, "%.2f %% computed at α %s", 100 * instant.top1(),
                        alpha(instant.from()));
            }
            return String.format(Locale.ROOT, "≈ %.1f %% interpolated from α %s and %s", 100 * instant.top1(),
                    alpha(instant.from()), alpha(instant.to()));
        }
        String marker = estimate.nonFinite() > 0 ? " ⚠ " + estimate.nonFinite() + " non-finite" : "";
        if (estimate.exact()) {
            return String.format(Locale.ROOT, "%.2f %%", 100 * estimate.top1()) + marker;
        }
        return String.format(Locale.ROOT, "%.1f %% [%.1f, %.1f] n=%d", 100 * estimate.top1(), 100 * estimate.low(),
                100 * estimate.high(), estimate.n()) + marker;
    }

    /**
     * The presentation-mode value, in percent with one decimal (the back row needs no more; a readout's standard
     * error is 0.5-1 point on the samples): "84.6" when exact, "≈84.1" while estimating or interpolated from the
     * grid, "…" when nothing is known (the full {@link #text()} is the row's tooltip).
     */
    public String compactText() {
        if (estimate == null && instant == null) {
            return "…";
        }
        if (estimate != null && estimate.exact() || estimate == null && instant.from() == instant.to()) {
            return String.format(Locale.ROOT, "%.1f", 100 * top1());
        }
        return String.format(Locale.ROOT, "≈%.1f", 100 * top1());
    }

    /** Top-1 as a fraction: the measured estimate's, else the instant one's, else NaN. */
    public double top1() {
        return estimate != null ? estimate.top1() : instant != null ? instant.top1() : Double.NaN;
    }

    /** "0.3", not "0.30000000000000004" (a flipped 1 - 0.7). */
    private static String alpha(double a) {
        return BigDecimal.valueOf(Math.round(a * 1e9) / 1e9).stripTrailingZeros().toPlainString();
    }
}
