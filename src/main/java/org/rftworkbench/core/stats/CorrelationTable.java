package org.rftworkbench.core.stats;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Correlates sharpness with OOD accuracy over the points of an alpha path (method-notes 4.2): for every sharpness
 * series (overall, each layer group, and the mean over the straggler / non-straggler groups) and every OOD series
 * (each set and the average) it computes Kendall tau-b, Spearman and Pearson with n, p-value and a percentile
 * bootstrap interval, with the alpha endpoints included or excluded (or both, as separate rows).
 *
 * <p>The summary answers the paper's two questions with one explicit rule: a sharpness series is called
 * <i>predictive</i> when the bootstrap interval of its Kendall tau-b against the average OOD accuracy excludes 0.
 * Signed values are kept (method-notes 4.2: the sign is part of the finding). Stateless and thread-safe.
 */
public final class CorrelationTable {
    /** Key of the whole-model sharpness series. */
    public static final String OVERALL = "overall";
    /** Key of the average-OOD accuracy series. */
    public static final String AVERAGE_OOD = "avg_ood";
    /** Pseudo-group: mean sharpness over the straggler groups. */
    public static final String STRAGGLER_MEAN = "stragglers (mean)";
    /** Pseudo-group: mean sharpness over the other groups (the control). */
    public static final String NON_STRAGGLER_MEAN = "non-stragglers (mean)";

    private CorrelationTable() {
    }

    /** Which alpha points enter a row. */
    public enum Endpoints {
        /** All points. */
        INCLUDE,
        /** All points except alpha = 0 and alpha = 1 (they often dominate rank correlations). */
        EXCLUDE,
        /** Both variants, as separate rows. */
        BOTH
    }

    /**
     * @param endpoints  which point sets to use
     * @param resamples  bootstrap resamples per row
     * @param seed       bootstrap seed (the same for every row, so rows share resample indices)
     * @param level      bootstrap confidence level
     */
    public record Settings(Endpoints endpoints, int resamples, long seed, double level) {
        public static final Settings DEFAULT = new Settings(Endpoints.BOTH, Bootstrap.DEFAULT_RESAMPLES, 0,
                Bootstrap.DEFAULT_LEVEL);
    }

    /**
     * One (sharpness series, OOD series, statistic, point set) cell.
     *
     * @param group             sharpness series: {@link #OVERALL}, a group name or a pseudo-group
     * @param oodSet            OOD series: a dataset name or {@link #AVERAGE_OOD}
     * @param statistic         kendall_tau_b, spearman or pearson
     * @param value             the coefficient (sharpness vs accuracy; negative = sharper is worse)
     * @param n                 number of alpha points used
     * @param pValue            two-sided p-value
     * @param ciLow             bootstrap lower bound
     * @param ciHigh            bootstrap upper bound
     * @param endpointsIncluded whether alpha = 0 and 1 are among the points
     * @param straggler         whether the group is a straggler group (or the straggler mean)
     */
    public record Row(String group, String oodSet, String statistic, double value, int n, double pValue,
            double ciLow, double ciHigh, boolean endpointsIncluded, boolean straggler) {
        /** True when the bootstrap interval lies strictly on one side of 0. */
        public boolean ciExcludesZero() {
            return ciLow > 0 || ciHigh < 0;
        }
    }

    /**
     * Answers to "is overall sharpness predictive?" and "are straggler layers?".
     *
     * @param overallPredictive    null when no overall series was given
     * @param stragglersPredictive for the straggler mean; null when no stragglers were given
     * @param predictiveGroups     every series called predictive, in table order
     * @param rule                 the rule used, in words
     */
    public record Summary(Boolean overallPredictive, Boolean stragglersPredictive, List<String> predictiveGroups,
            String rule) {
    }

    /** The table and its summary. */
    public record Result(Settings settings, List<Row> rows, Summary summary) {
    }

    /**
     * @param alphas       the path's alphas (same order as every series)
     * @param oodAccuracy  OOD series name -> accuracy per alpha (include {@link #AVERAGE_OOD} for the summary)
     * @param sharpness    series name ({@link #OVERALL} or a group) -> sharpness per alpha
     * @param stragglers   straggler group names (may be empty); their mean and the others' mean are added as rows
     */
    public static Result compute(double[] alphas, Map<String, double[]> oodAccuracy, Map<String, double[]> sharpness,
            Set<String> stragglers, Settings settings) {
        Map<String, double[]> series = new LinkedHashMap<>(sharpness);
        List<String> groups = sharpness.keySet().stream().filter(g -> !g.equals(OVERALL)).toList();
        List<String> strag = groups.stream().filter(stragglers::contains).toList();
        List<String> others = groups.stream().filter(g -> !stragglers.contains(g)).toList();
        if (!strag.isEmpty()) {
            series.put(STRAGGLER_MEAN, mean(sharpness, strag, alphas.length));
            if (!others.isEmpty()) {
                series.put(NON_STRAGGLER_MEAN, mean(sharpness, others, alphas.length));
            }
        }
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            requireLength(e.getKey(), e.getValue(), alphas.length);
        }
        for (Map.Entry<String, double[]> e : oodAccuracy.entrySet()) {
            requireLength(e.getKey(), e.getValue(), alphas.length);
        }
        List<Boolean> variants = switch (settings.endpoints()) {
            case INCLUDE -> List.of(true);
            case EXCLUDE -> List.of(false);
            case BOTH -> List.of(true, false);
        };
        List<Row> rows = new ArrayList<>();
        for (boolean include : variants) {
            int[] keep = pointsToKeep(alphas, include);
            for (Map.Entry<String, double[]> s : series.entrySet()) {
                boolean isStraggler = stragglers.contains(s.getKey()) || s.getKey().equals(STRAGGLER_MEAN);
                for (Map.Entry<String, double[]> o : oodAccuracy.entrySet()) {
                    double[] x = select(s.getValue(), keep);
                    double[] y = select(o.getValue(), keep);
                    for (Correlation.Statistic stat : Correlation.Statistic.values()) {
                        Correlation c = stat.compute(x, y);
                        Bootstrap.Interval ci = Bootstrap.percentile(x, y, stat, settings.resamples(), settings.seed(),
                                settings.level());
                        rows.add(new Row(s.getKey(), o.getKey(), stat.label(), c.value(), c.n(), c.pValue(), ci.low(),
                                ci.high(), include, isStraggler));
                    }
                }
            }
        }
        return new Result(settings, rows, summarise(rows, variants.get(0), sharpness.containsKey(OVERALL),
                !strag.isEmpty(), settings.level()));
    }

    private static Summary summarise(List<Row> rows, boolean endpointsIncluded, boolean hasOverall,
            boolean hasStragglers, double level) {
        List<String> predictive = new ArrayList<>();
        Boolean overall = null;
        Boolean straggler = null;
        for (Row r : rows) {
            if (r.endpointsIncluded() != endpointsIncluded || !r.oodSet().equals(AVERAGE_OOD)
                    || !r.statistic().equals(Correlation.Statistic.KENDALL_TAU_B.label())) {
                continue;
            }
            if (r.ciExcludesZero()) {
                predictive.add(r.group());
            }
            if (r.group().equals(OVERALL)) {
                overall = r.ciExcludesZero();
            } else if (r.group().equals(STRAGGLER_MEAN)) {
                straggler = r.ciExcludesZero();
            }
        }
        String rule = String.format(java.util.Locale.ROOT,
                "predictive = the %.0f%% bootstrap interval of Kendall tau-b (sharpness vs %s accuracy, endpoints %s)"
                        + " excludes 0", 100 * level, AVERAGE_OOD, endpointsIncluded ? "included" : "excluded");
        return new Summary(hasOverall ? overall : null, hasStragglers ? straggler : null, predictive, rule);
    }

    private static double[] mean(Map<String, double[]> sharpness, Collection<String> groups, int length) {
        double[] out = new double[length];
        for (String g : groups) {
            double[] v = sharpness.get(g);
            requireLength(g, v, length);
            for (int i = 0; i < length; i++) {
                out[i] += v[i] / groups.size();
            }
        }
        return out;
    }

    private static int[] pointsToKeep(double[] alphas, boolean includeEndpoints) {
        return java.util.stream.IntStream.range(0, alphas.length)
                .filter(i -> includeEndpoints || (alphas[i] != 0 && alphas[i] != 1)).toArray();
    }

    private static double[] select(double[] values, int[] keep) {
        double[] out = new double[keep.length];
        for (int i = 0; i < keep.length; i++) {
            out[i] = values[keep[i]];
        }
        return out;
    }

    private static void requireLength(String name, double[] values, int length) {
        if (values.length != length) {
            throw new IllegalArgumentException("series '" + name + "' has " + values.length + " values for "
                    + length + " alphas");
        }
    }
}
