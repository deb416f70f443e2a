package org.rftworkbench.core.study;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Tidy CSV of a study: one row per pair (metadata keys as columns, then outcomes, failure metrics and predictors)
 * and one row per (predictor, outcome) association. Accuracies as fractions. Stateless and thread-safe.
 */
public final class StudyTables {
    private StudyTables() {
    }

    /** One row per pair. */
    public static String pairsCsv(StudyResult r) {
        Set<String> keys = new LinkedHashSet<>();
        r.rows().forEach(row -> keys.addAll(row.metadata().keySet()));
        StringBuilder sb = new StringBuilder("run");
        keys.forEach(k -> sb.append(',').append(field(k)));
        sb.append(",sha256,id_dataset,id_top1_a,id_top1_b,ood_top1_a,ood_top1_b,best_alpha,best_ood_top1,g_end,"
                + "chord_gap,id_loss_barrier,verdict,strong_failure,stragglers");
        for (String o : StudyMeasures.outcomes(r.settings())) {
            sb.append(',').append(field(o));
        }
        for (String p : StudyMeasures.predictors(r.settings())) {
            sb.append(',').append(field(p));
        }
        sb.append('\n');
        for (PairRow row : r.rows()) {
            sb.append(field(row.run()));
            for (String k : keys) {
                Object v = row.metadata().get(k);
                sb.append(',').append(v == null ? "" : field(String.valueOf(v)));
            }
            sb.append(',').append(row.sha256() == null ? "" : row.sha256()).append(',').append(field(row.idDataset()));
            for (double v : new double[] {row.idA(), row.idB(), row.oodA(), row.oodB(), row.bestAlpha(), row.bestOod(),
                    row.gainOverEndpoints(), row.chordGap(), row.idBarrier()}) {
                sb.append(',').append(number(v));
            }
            sb.append(',').append(row.verdict()).append(',').append(row.strongFailure()).append(',')
                    .append(field(String.join(";", row.stragglers())));
            appendValues(sb, row.outcomes());
            appendValues(sb, row.predictors());
            sb.append('\n');
        }
        return sb.toString();
    }

    /** One row per predictor and outcome. */
    public static String associationsCsv(StudyResult r) {
        StringBuilder sb = new StringBuilder("predictor,outcome,kendall_tau_b,p_value,n,ci_low,ci_high,level\n");
        for (CrossPairAnalysis.Association a : r.associations()) {
            sb.append(field(a.predictor())).append(',').append(field(a.outcome())).append(',')
                    .append(number(a.tauB())).append(',').append(number(a.pValue())).append(',').append(a.n())
                    .append(',').append(number(a.ciLow())).append(',').append(number(a.ciHigh())).append(',')
                    .append(a.level()).append('\n');
        }
        return sb.toString();
    }

    private static void appendValues(StringBuilder sb, Map<String, Double> values) {
        values.values().forEach(v -> sb.append(',').append(number(v)));
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.8g", v);
    }

    /** Quoted when it holds a comma, quote or line break. */
    static String field(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
