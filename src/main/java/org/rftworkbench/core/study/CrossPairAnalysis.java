package org.rftworkbench.core.study;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rftworkbench.core.stats.Bootstrap;
import org.rftworkbench.core.stats.Correlation;
import org.rftworkbench.core.stats.Correlations;

/**
 * The population-level question of a study: across pairs, does a predictor rank the pairs the way an outcome does?
 * Kendall tau-b (scipy's asymptotic p-value) with a seeded percentile bootstrap over pairs, n = pairs; plus one
 * plain-words line per predictor. Pure functions; thread-safe.
 */
public final class CrossPairAnalysis {
    private CrossPairAnalysis() {
    }

    /**
     * One predictor against one outcome over the pairs.
     *
     * @param tauB   Kendall tau-b (NaN when either side is constant or n &lt; 2)
     * @param pValue two-sided p-value of tau-b (NaN when undefined)
     * @param n      pairs with both values defined
     * @param ciLow  lower end of the bootstrap interval (NaN when fewer than 2 resamples were defined)
     * @param ciHigh upper end
     * @param level  confidence level of the interval
     */
    public record Association(String predictor, String outcome, double tauB, double pValue, int n, double ciLow,
            double ciHigh, double level) {
        /** True when the interval lies strictly on one side of 0. */
        public boolean intervalExcludesZero() {
            return ciLow > 0 || ciHigh < 0;
        }
    }

    /** Every predictor against every outcome, predictors outermost. */
    public static List<Association> associations(List<PairRow> rows, StudySettings s) {
        List<Association> out = new ArrayList<>();
        for (String predictor : StudyMeasures.predictors(s)) {
            for (String outcome : StudyMeasures.outcomes(s)) {
                List<double[]> pairs = new ArrayList<>();
                for (PairRow r : rows) {
                    double x = r.predictors().get(predictor);
                    double y = r.outcomes().get(outcome);
                    if (Double.isFinite(x) && Double.isFinite(y)) {
                        pairs.add(new double[] {x, y});
                    }
                }
                double[] x = pairs.stream().mapToDouble(p -> p[0]).toArray();
                double[] y = pairs.stream().mapToDouble(p -> p[1]).toArray();
                Correlation tau = Correlations.kendallTauB(x, y);
                Bootstrap.Interval ci = x.length < 2 ? new Bootstrap.Interval(Double.NaN, Double.NaN, s.level(),
                        s.resamples(), 0)
                        : Bootstrap.percentile(x, y, Correlation.Statistic.KENDALL_TAU_B, s.resamples(), s.seed(),
                                s.level());
                out.add(new Association(predictor, outcome, tau.value(), tau.pValue(), x.length, ci.low(), ci.high(),
                        s.level()));
            }
        }
        return out;
    }

    /**
     * One line per predictor, e.g. "straggler sharpness @ 0.5: higher values go with lower G_zs (tau-b -0.60, 95% CI
     * [-0.91, -0.16]); no outcome else is separated from zero (n = 11)".
     */
    public static List<String> summary(List<Association> associations, StudySettings s) {
        List<String> lines = new ArrayList<>();
        for (String predictor : StudyMeasures.predictors(s)) {
            List<Association> mine = associations.stream().filter(a -> a.predictor().equals(predictor)).toList();
            int n = mine.stream().mapToInt(Association::n).max().orElse(0);
            List<String> clear = new ArrayList<>();
            for (Association a : mine) {
                if (a.intervalExcludesZero()) {
                    clear.add(String.format(Locale.ROOT, "higher values go with %s %s (tau-b %+.2f, %d%% CI [%.2f, %.2f])",
                            a.tauB() > 0 ? "higher" : "lower", a.outcome(), a.tauB(), Math.round(a.level() * 100),
                            a.ciLow(), a.ciHigh()));
                }
            }
            String text;
            if (mine.stream().allMatch(a -> Double.isNaN(a.tauB()))) {
                text = "undefined (constant, or fewer than 2 pairs)";
            } else if (clear.isEmpty()) {
                Association strongest = mine.stream().filter(a -> !Double.isNaN(a.tauB()))
                        .max(java.util.Comparator.comparingDouble(a -> Math.abs(a.tauB()))).orElseThrow();
                text = String.format(Locale.ROOT, "no association the %d%% intervals separate from zero (largest: "
                        + "tau-b %+.2f with %s, CI [%.2f, %.2f])", Math.round(strongest.level() * 100),
                        strongest.tauB(), strongest.outcome(), strongest.ciLow(), strongest.ciHigh());
            } else {
                text = String.join("; ", clear) + (clear.size() < mine.size() ? "; not separated from zero for the "
                        + (mine.size() - clear.size() == 1 ? "other outcome" : "other outcomes") : "");
            }
            lines.add(predictor + ": " + text + " (n = " + n + ")");
        }
        return lines;
    }
}
