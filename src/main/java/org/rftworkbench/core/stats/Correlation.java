package org.rftworkbench.core.stats;

/**
 * One correlation coefficient with its sample size and two-sided p-value. Immutable.
 *
 * @param statistic which coefficient
 * @param value     the coefficient in [-1, 1] (NaN when undefined, e.g. a constant input)
 * @param n         number of (x, y) pairs
 * @param pValue    two-sided p-value for "no association" (NaN when undefined)
 */
public record Correlation(Statistic statistic, double value, int n, double pValue) {

    /** The coefficients offered. */
    public enum Statistic {
        /** Kendall tau-b (ties corrected), p-value from the normal approximation with tie-corrected variance. */
        KENDALL_TAU_B("kendall_tau_b"),
        /** Spearman rho (Pearson on average ranks), p-value from a t-distribution with n-2 df. */
        SPEARMAN("spearman"),
        /** Pearson r, p-value from a t-distribution with n-2 df. */
        PEARSON("pearson");

        private final String label;

        Statistic(String label) {
            this.label = label;
        }

        /** Lower-case name used in tables and files. */
        public String label() {
            return label;
        }

        /** Computes this coefficient. */
        public Correlation compute(double[] x, double[] y) {
            return switch (this) {
                case KENDALL_TAU_B -> Correlations.kendallTauB(x, y);
                case SPEARMAN -> Correlations.spearman(x, y);
                case PEARSON -> Correlations.pearson(x, y);
            };
        }
    }
}
