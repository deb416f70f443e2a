package org.rftworkbench.core.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded percentile bootstrap for a correlation coefficient: resample the (x, y) pairs with replacement, recompute
 * the coefficient, and take the (1-level)/2 and (1+level)/2 quantiles (linear interpolation between order statistics,
 * numpy's default). Resamples whose coefficient is undefined (e.g. every drawn x equal) are skipped and counted.
 * The same seed gives the same interval. Stateless and thread-safe.
 */
public final class Bootstrap {
    /** Default number of resamples. */
    public static final int DEFAULT_RESAMPLES = 2000;
    /** Default confidence level. */
    public static final double DEFAULT_LEVEL = 0.95;

    private Bootstrap() {
    }

    /**
     * A confidence interval.
     *
     * @param low        lower bound (NaN when fewer than 2 resamples were defined)
     * @param high       upper bound
     * @param level      confidence level, e.g. 0.95
     * @param resamples  resamples drawn
     * @param defined    resamples whose coefficient was defined (the quantiles use only these)
     */
    public record Interval(double low, double high, double level, int resamples, int defined) {
        /** True when the whole interval lies strictly above or strictly below 0. */
        public boolean excludesZero() {
            return low > 0 || high < 0;
        }
    }

    /** Percentile interval of {@code statistic} over {@code resamples} resamples drawn with {@code seed}. */
    public static Interval percentile(double[] x, double[] y, Correlation.Statistic statistic, int resamples,
            long seed, double level) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x has " + x.length + " values but y has " + y.length);
        }
        if (resamples <= 0 || !(level > 0 && level < 1)) {
            throw new IllegalArgumentException("need resamples > 0 and 0 < level < 1");
        }
        int n = x.length;
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[resamples];
        int defined = 0;
        double[] bx = new double[n];
        double[] by = new double[n];
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < n; i++) {
                int k = random.nextInt(n);
                bx[i] = x[k];
                by[i] = y[k];
            }
            double v = n < 2 ? Double.NaN : statistic.compute(bx, by).value();
            if (!Double.isNaN(v)) {
                values[defined++] = v;
            }
        }
        if (defined < 2) {
            return new Interval(Double.NaN, Double.NaN, level, resamples, defined);
        }
        double[] sorted = Arrays.copyOf(values, defined);
        Arrays.sort(sorted);
        return new Interval(quantile(sorted, (1 - level) / 2), quantile(sorted, (1 + level) / 2), level, resamples,
                defined);
    }

    /** Linear-interpolation quantile of sorted values (numpy 'linear'). */
    static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(lower + 1, sorted.length - 1);
        double fraction = position - lower;
        return sorted[lower] + fraction * (sorted[upper] - sorted[lower]);
    }
}
