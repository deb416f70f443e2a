package org.rftworkbench.core.service.estimate;


/**
 * The Wilson score interval for a binomial proportion (Wilson 1927): unlike the normal ("Wald") interval it stays
 * inside [0, 1] and has a sensible width at 0 or n successes, which matters for small progressive subsets.
 * Immutable.
 *
 * @param low  lower bound, in [0, 1]
 * @param high upper bound, in [0, 1]
 */
public record WilsonInterval(double low, double high) {
    /** The two-sided 95% normal quantile, Phi^-1(0.975). */
    public static final double Z95 = 1.959963984540054;

    /** The 95% interval for {@code successes} out of {@code n}; [0, 1] when n is 0 (nothing is known). */
    public static WilsonInterval of95(long successes, long n) {
        return of(successes, n, Z95);
    }

    /**
     * (p + z^2/2n +- z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n) with p = successes / n.
     *
     * @param z normal quantile of the confidence level (1.96 for 95%)
     */
    public static WilsonInterval of(long successes, long n, double z) {
        if (successes < 0 || n < 0 || successes > n) {
            throw new IllegalArgumentException("need 0 <= successes <= n, got " + successes + "/" + n);
        }
        if (n == 0) {
            return new WilsonInterval(0, 1);
        }
        double p = (double) successes / n;
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        // the closed form gives exactly 0 (or 1) at the extremes only up to rounding: pin them
        double low = successes == 0 ? 0 : Math.max(0, centre - half);
        double high = successes == n ? 1 : Math.min(1, centre + half);
        return new WilsonInterval(low, high);
    }

    /** Half the width: a standard-error proxy used to combine intervals (see {@link EstimateMath}). */
    public double halfWidth() {
        return (high - low) / 2;
    }
}
