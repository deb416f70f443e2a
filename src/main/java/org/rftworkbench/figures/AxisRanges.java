package org.rftworkbench.figures;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.FieldPosition;
import java.util.Locale;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.TickUnitSource;
import org.jfree.chart.axis.TickUnits;
import org.jfree.data.Range;

/**
 * Axis ranges and tick labels that stay readable with no, one or two points. JFreeChart's auto range collapses to
 * 1e-8 around a single value (every tick then reads "1.015625E1") and shows 0..1 for an empty percent axis; these
 * ranges never collapse, and {@link #plainTicks} labels ticks as plain decimals ("10.5", "0.0062", never "6.2E-3").
 * Stateless.
 */
public final class AxisRanges {
    /** The narrowest accuracy range, in percentage points: a single point sits in a 10-point window. */
    public static final double MIN_PERCENT_SPAN = 10;

    private static final TickUnitSource PLAIN_UNITS = plainUnits();

    private AxisRanges() {
    }

    /**
     * A range for accuracies in percent: 0..100 while no value is finite; else the finite values padded by a tenth of
     * their spread (at least one point each side), at least {@link #MIN_PERCENT_SPAN} wide, inside 0..100.
     */
    public static Range percent(double... values) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo > hi) {
            return new Range(0, 100);
        }
        double pad = Math.max(1, 0.1 * (hi - lo));
        lo -= pad;
        hi += pad;
        if (hi - lo < MIN_PERCENT_SPAN) {
            double centre = (lo + hi) / 2;
            lo = centre - MIN_PERCENT_SPAN / 2;
            hi = centre + MIN_PERCENT_SPAN / 2;
        }
        if (lo < 0) {
            hi = Math.min(100, hi - lo);
            lo = 0;
        }
        if (hi > 100) {
            lo = Math.max(0, lo - (hi - 100));
            hi = 100;
        }
        return new Range(lo, hi);
    }

    /**
     * A range for any quantity: {@code whenEmpty} while no value is finite; else the finite values padded by 8% of
     * their spread; a single value (or equal ones) gets a tenth of its size each side (1 for zero).
     */
    public static Range padded(Range whenEmpty, double... values) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo > hi) {
            return whenEmpty;
        }
        double pad = hi > lo ? 0.08 * (hi - lo) : (hi == 0 ? 1 : 0.1 * Math.abs(hi));
        return new Range(lo - pad, hi + pad);
    }

    /**
     * A range for alpha: {@code from..to} (the slider's, e.g. 0..1) widened to every finite value, with 2% of the span
     * as margin so that markers at the ends are drawn whole.
     */
    public static Range alpha(double from, double to, double... values) {
        double lo = from;
        double hi = to;
        for (double v : values) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        double margin = 0.02 * (hi - lo);
        return new Range(lo - margin, hi + margin);
    }

    /** Fixes {@code axis} to {@code range} (no auto range) with plain tick labels. */
    public static void fix(NumberAxis axis, Range range) {
        plainTicks(axis);
        axis.setAutoRange(false);
        axis.setRange(range, true, false);
    }

    /** Tick units of 1, 2 and 5 times a power of ten, labelled as plain decimals with just the digits they need. */
    public static void plainTicks(NumberAxis axis) {
        axis.setStandardTickUnits(PLAIN_UNITS);
    }

    private static TickUnitSource plainUnits() {
        TickUnits units = new TickUnits();
        for (int exponent = -12; exponent <= 12; exponent++) {
            for (int multiple : new int[] {1, 2, 5}) {
                double size = multiple * Math.pow(10, exponent);
                units.add(new NumberTickUnit(size, plainFormat(Math.max(0, -exponent))));
            }
        }
        return units;
    }

    /** "#,##0.00" style with {@link Locale#ROOT} symbols; -0 is written as 0. */
    private static DecimalFormat plainFormat(int decimals) {
        String pattern = decimals == 0 ? "#,##0" : "#,##0." + "0".repeat(decimals);
        DecimalFormat format = new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT)) {
            @Override
            public StringBuffer format(double number, StringBuffer toAppendTo, FieldPosition pos) {
                // a tick that rounds to zero (-0.0, or -1e-17 from adding up units) is "0", not "-0"
                double shown = Double.isFinite(number)
                        ? new BigDecimal(number).setScale(decimals, RoundingMode.HALF_EVEN).doubleValue() + 0.0 : number;
                return super.format(shown, toAppendTo, pos);
            }
        };
        format.setRoundingMode(RoundingMode.HALF_EVEN);
        return format;
    }
}
