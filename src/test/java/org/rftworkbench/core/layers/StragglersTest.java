package org.rftworkbench.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Selection rules and the criteria agreement table on hand-made values. */
class StragglersTest {
    private static final List<String> GROUPS = List.of("g0", "g1", "g2", "g3");

    private static Map<String, Double> values(double... v) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < v.length; i++) {
            m.put(GROUPS.get(i), v[i]);
        }
        return m;
    }

    @Test
    void thresholdAndTopKKeepNetworkOrder() {
        Map<String, Double> v = values(0.02, 0.5, Double.NaN, 0.3);
        assertEquals(List.of("g1", "g3"), Stragglers.select(v, Stragglers.Selection.threshold(0.1)));
        assertEquals(List.of("g1", "g3"), Stragglers.select(v, Stragglers.Selection.top(2)));
        assertEquals(List.of("g0", "g1", "g3"), Stragglers.select(v, Stragglers.Selection.top(10)), "NaN never flagged");
        assertThrows(IllegalArgumentException.class, () -> new Stragglers.Selection(0.1, 2));
    }

    @Test
    void sharpnessRatioIsRelativeToTheMedian() {
        Map<String, Double> r = Stragglers.sharpnessRatio(values(1, 2, 4, 8));
        assertEquals(1 / 3.0, r.get("g0"), 1e-12);
        assertEquals(8 / 3.0, r.get("g3"), 1e-12);
    }

    @Test
    void agreementTableComparesEqualSizedSets() {
        Map<StragglerCriterion, Map<String, Double>> v = new EnumMap<>(StragglerCriterion.class);
        v.put(StragglerCriterion.INSTABILITY, values(0.00, 0.40, 0.01, 0.20));
        v.put(StragglerCriterion.WEIGHT_CHANGE, values(0.9, 0.8, 0.1, 0.2));
        v.put(StragglerCriterion.SHARPNESS_RATIO, values(0.5, 3, 1, 2));
        Stragglers.Report r = Stragglers.compare(v, StragglerCriterion.INSTABILITY,
                Stragglers.Selection.threshold(0.1), GROUPS);
        assertEquals(List.of("g1", "g3"), r.stragglers());
        assertEquals(List.of("g1"), r.agreedByAll(), "weight change flags its top-2 = g0, g1");
        assertEquals(1.0, r.overlap().get(StragglerCriterion.SHARPNESS_RATIO), 1e-12);
        assertEquals(1 / 3.0, r.overlap().get(StragglerCriterion.WEIGHT_CHANGE), 1e-12);
        Stragglers.Row g0 = r.rows().get(0);
        assertTrue(g0.flagged().get(StragglerCriterion.WEIGHT_CHANGE));
        assertFalse(g0.flagged().get(StragglerCriterion.INSTABILITY));
        assertEquals(1, g0.votes());
        assertEquals(3, r.rows().get(1).votes());
    }
}
