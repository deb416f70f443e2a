package org.rftworkbench.core.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A synthetic path where one group's sharpness tracks OOD accuracy and the overall sharpness does not. */
class CorrelationTableTest {
    private static final double[] ALPHAS = {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1};

    @Test
    void answersBothQuestionsAndMarksEndpoints() {
        double[] acc = new double[ALPHAS.length];
        double[] strag = new double[ALPHAS.length];
        double[] flat = new double[ALPHAS.length];
        double[] overall = {0.5, 0.9, 0.1, 0.7, 0.3, 0.6, 0.2, 0.8, 0.4, 0.55, 0.45};
        for (int i = 0; i < ALPHAS.length; i++) {
            acc[i] = 0.6 + 0.2 * ALPHAS[i] - 0.15 * ALPHAS[i] * ALPHAS[i];
            strag[i] = 5 - 10 * acc[i];
            flat[i] = (i * 7) % 11;
        }
        Map<String, double[]> ood = new LinkedHashMap<>();
        ood.put("set1", acc);
        ood.put(CorrelationTable.AVERAGE_OOD, acc);
        Map<String, double[]> sharp = new LinkedHashMap<>();
        sharp.put(CorrelationTable.OVERALL, overall);
        sharp.put("resblock 1", strag);
        sharp.put("resblock 2", flat);
        CorrelationTable.Result r = CorrelationTable.compute(ALPHAS, ood, sharp, Set.of("resblock 1"),
                new CorrelationTable.Settings(CorrelationTable.Endpoints.BOTH, 400, 3, 0.95));
        // 5 series (overall, 2 groups, 2 means) x 2 OOD series x 3 statistics x 2 endpoint variants
        assertEquals(5 * 2 * 3 * 2, r.rows().size());
        CorrelationTable.Row kendall = find(r.rows(), "resblock 1", true);
        assertEquals(-1, kendall.value(), 1e-12);
        assertEquals(11, kendall.n());
        assertTrue(kendall.straggler());
        assertEquals(9, find(r.rows(), "resblock 1", false).n(), "endpoints excluded");
        assertEquals(Boolean.FALSE, r.summary().overallPredictive());
        assertEquals(Boolean.TRUE, r.summary().stragglersPredictive());
        assertTrue(r.summary().predictiveGroups().contains("resblock 1"));
        assertFalse(r.summary().predictiveGroups().contains(CorrelationTable.OVERALL));
        assertTrue(r.summary().rule().contains("Kendall"));
    }

    @Test
    void withoutStragglersOrOverallTheAnswersAreUnknown() {
        double[] acc = {0.1, 0.2, 0.3, 0.25};
        CorrelationTable.Result r = CorrelationTable.compute(new double[] {0, 0.3, 0.6, 1},
                Map.of(CorrelationTable.AVERAGE_OOD, acc), Map.of("head", new double[] {1, 2, 3, 4}), Set.of(),
                new CorrelationTable.Settings(CorrelationTable.Endpoints.INCLUDE, 100, 0, 0.9));
        assertNull(r.summary().overallPredictive());
        assertNull(r.summary().stragglersPredictive());
        assertEquals(3, r.rows().size());
    }

    private static CorrelationTable.Row find(List<CorrelationTable.Row> rows, String group, boolean endpoints) {
        return rows.stream().filter(r -> r.group().equals(group) && r.oodSet().equals(CorrelationTable.AVERAGE_OOD)
                && r.statistic().equals("kendall_tau_b") && r.endpointsIncluded() == endpoints).findFirst()
                .orElseThrow();
    }
}
