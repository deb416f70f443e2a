package org.rftworkbench.core.study;

import java.util.List;

/**
 * A finished study: one row per pair and the cross-pair analysis. Immutable; serialised as {@code study --out}.
 *
 * @param project      the project file
 * @param settings     what was measured and how
 * @param rows         one per run, in study order
 * @param associations every predictor against every outcome over the rows
 * @param summary      one plain-words line per predictor
 */
public record StudyResult(String project, StudySettings settings, List<PairRow> rows,
        List<CrossPairAnalysis.Association> associations, List<String> summary) {

    public StudyResult {
        rows = List.copyOf(rows);
        associations = List.copyOf(associations);
        summary = List.copyOf(summary);
    }

    /** The analysis of the given rows (e.g. a subset, or the rows finished so far). */
    public static StudyResult of(String project, StudySettings settings, List<PairRow> rows) {
        List<CrossPairAnalysis.Association> associations = CrossPairAnalysis.associations(rows, settings);
        return new StudyResult(project, settings, rows, associations,
                CrossPairAnalysis.summary(associations, settings));
    }
}
