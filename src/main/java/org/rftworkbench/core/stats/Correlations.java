package org.rftworkbench.core.stats;

import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Kendall tau-b, Spearman rho and Pearson r with two-sided p-values, matching scipy 1.10 ({@code kendalltau(...,
 * variant='b', method='asymptotic')}, {@code spearmanr}, {@code pearsonr}); see tools/reference/stats_reference.py.
 * Kendall is O(n^2), meant for alpha paths of up to a few hundred points. Stateless and thread-safe.
 */
public final class Correlations {
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    private Correlations() {
    }

    /**
     * Kendall tau-b = (n_c - n_d) / sqrt((n0 - n1)(n0 - n2)), n0 = n(n-1)/2 and n1, n2 the pairs tied in x, in y.
     * The p-value uses the normal approximation of n_c - n_d with the tie-corrected variance (Kendall 1945), as
     * scipy's method='asymptotic'. NaN when x or y is constant or n &lt; 2.
     */
    public static Correlation kendallTauB(double[] x, double[] y) {
        int n = requireSameLength(x, y);
        long concordantMinusDiscordant = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                concordantMinusDiscordant += (long) Math.signum(x[i] - x[j]) * (long) Math.signum(y[i] - y[j]);
            }
        }
        double pairs = n * (n - 1) / 2.0;
        TieCounts tx = TieCounts.of(x);
        TieCounts ty = TieCounts.of(y);
        if (n < 2 || tx.tiedPairs == pairs || ty.tiedPairs == pairs) {
            return new Correlation(Correlation.Statistic.KENDALL_TAU_B, Double.NaN, n, Double.NaN);
        }
        double tau = concordantMinusDiscordant / Math.sqrt(pairs - tx.tiedPairs) / Math.sqrt(pairs - ty.tiedPairs);
        tau = Math.max(-1, Math.min(1, tau));
        double m = n * (n - 1.0);
        double variance = (m * (2 * n + 5) - tx.v1 - ty.v1) / 18 + 2 * tx.tiedPairs * ty.tiedPairs / m
                + (n > 2 ? tx.v2 * ty.v2 / (9 * m * (n - 2)) : 0);
        double z = concordantMinusDiscordant / Math.sqrt(variance);
        double p = 2 * STANDARD_NORMAL.cumulativeProbability(-Math.abs(z));
        return new Correlation(Correlation.Statistic.KENDALL_TAU_B, tau, n, Math.min(1, p));
    }

    /** Spearman rho: Pearson r of the average ranks; p-value from t = rho sqrt((n-2)/(1-rho^2)) with n-2 df. */
    public static Correlation spearman(double[] x, double[] y) {
        int n = requireSameLength(x, y);
        double r = pearsonCoefficient(averageRanks(x), averageRanks(y));
        return new Correlation(Correlation.Statistic.SPEARMAN, r, n, tTestP(r, n));
    }

    /** Pearson r; p-value from t = r sqrt((n-2)/(1-r^2)) with n-2 df (equal to scipy's exact beta form). */
    public static Correlation pearson(double[] x, double[] y) {
        int n = requireSameLength(x, y);
        double r = pearsonCoefficient(x, y);
        return new Correlation(Correlation.Statistic.PEARSON, r, n, tTestP(r, n));
    }

    /** Ranks 1..n, ties sharing the average of the ranks they span (scipy rankdata method='average'). */
    public static double[] averageRanks(double[] values) {
        int n = values.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double[] ranks = new double[n];
        int start = 0;
        while (start < n) {
            int end = start;
            while (end + 1 < n && values[order[end + 1]] == values[order[start]]) {
                end++;
            }
            double average = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) {
                ranks[order[k]] = average;
            }
            start = end + 1;
        }
        return ranks;
    }

    static double pearsonCoefficient(double[] x, double[] y) {
        int n = x.length;
        if (n < 2) {
            return Double.NaN;
        }
        double mx = mean(x);
        double my = mean(y);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (sxx == 0 || syy == 0) {
            return Double.NaN;
        }
        return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
    }

    private static double tTestP(double r, int n) {
        if (Double.isNaN(r) || n < 3) {
            return Double.NaN;
        }
        if (Math.abs(r) == 1) {
            return 0;
        }
        double t = r * Math.sqrt((n - 2) / ((1 - r) * (1 + r)));
        return 2 * new TDistribution(null, n - 2).cumulativeProbability(-Math.abs(t));
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }

    private static int requireSameLength(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x has " + x.length + " values but y has " + y.length);
        }
        return x.length;
    }

    /** Tie statistics of one variable: sum over tie groups of t(t-1)/2, t(t-1)(t-2) and t(t-1)(2t+5). */
    private record TieCounts(double tiedPairs, double v2, double v1) {
        static TieCounts of(double[] values) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            double pairs = 0;
            double v2 = 0;
            double v1 = 0;
            int start = 0;
            while (start < sorted.length) {
                int end = start;
                while (end + 1 < sorted.length && sorted[end + 1] == sorted[start]) {
                    end++;
                }
                double t = end - start + 1;
                pairs += t * (t - 1) / 2;
                v2 += t * (t - 1) * (t - 2);
                v1 += t * (t - 1) * (2 * t + 5);
                start = end + 1;
            }
            return new TieCounts(pairs, v2, v1);
        }
    }
}
