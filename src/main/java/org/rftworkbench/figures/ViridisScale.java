package org.rftworkbench.figures;

import java.awt.Color;
import java.awt.Paint;
import org.jfree.chart.renderer.PaintScale;

/**
 * The viridis colour map (perceptually uniform, colour-blind safe, monotone in lightness so it survives greyscale
 * printing) over [lower, upper]; NaN (a missing cell) paints light grey. Immutable.
 */
public final class ViridisScale implements PaintScale {
    /** viridis sampled at 0, 1/8, ..., 1 (matplotlib's table). */
    private static final int[] ANCHORS = {0x440154, 0x472D7B, 0x3B528B, 0x2C728E, 0x21918C, 0x28AE80, 0x5EC962,
        0xADDC30, 0xFDE725};
    private static final Color MISSING = new Color(0xE0E0E0);

    private final double lower;
    private final double upper;

    public ViridisScale(double lower, double upper) {
        if (!(upper > lower)) {
            throw new IllegalArgumentException("upper must exceed lower: " + lower + " .. " + upper);
        }
        this.lower = lower;
        this.upper = upper;
    }

    @Override
    public double getLowerBound() {
        return lower;
    }

    @Override
    public double getUpperBound() {
        return upper;
    }

    @Override
    public Paint getPaint(double value) {
        if (Double.isNaN(value)) {
            return MISSING;
        }
        double t = Math.max(0, Math.min(1, (value - lower) / (upper - lower))) * (ANCHORS.length - 1);
        int i = Math.min((int) t, ANCHORS.length - 2);
        double f = t - i;
        return new Color(mix(ANCHORS[i] >> 16, ANCHORS[i + 1] >> 16, f), mix(ANCHORS[i] >> 8, ANCHORS[i + 1] >> 8, f),
                mix(ANCHORS[i], ANCHORS[i + 1], f));
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round((a & 0xFF) * (1 - f) + (b & 0xFF) * f);
    }
}
