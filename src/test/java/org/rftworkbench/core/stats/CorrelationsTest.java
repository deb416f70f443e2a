package org.rftworkbench.core.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Parity with scipy 1.10 on fixed vectors (ties included): tools/reference/stats_reference.py made the goldens. */
class CorrelationsTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/stats/correlations.json");

    @Test
    void matchesScipyIncludingTies() throws Exception {
        JsonNode cases = new ObjectMapper().readTree(GOLDEN.toFile()).get("cases");
        assertTrue(cases.size() >= 9);
        int withTies = 0;
        for (JsonNode c : cases) {
            double[] x = doubles(c.get("x"));
            double[] y = doubles(c.get("y"));
            String name = c.get("name").asText();
            withTies += hasTies(x) || hasTies(y) ? 1 : 0;
            check(name, Correlations.kendallTauB(x, y), c.get("kendall_tau_b").asDouble(),
                    c.get("kendall_p").asDouble());
            check(name, Correlations.spearman(x, y), c.get("spearman").asDouble(), c.get("spearman_p").asDouble());
            check(name, Correlations.pearson(x, y), c.get("pearson").asDouble(), c.get("pearson_p").asDouble());
        }
        assertTrue(withTies >= 5, "the goldens must exercise ties");
    }

    private static void check(String name, Correlation c, double value, double p) {
        assertEquals(value, c.value(), 1e-9, name + " " + c.statistic());
        assertEquals(p, c.pValue(), 1e-6, name + " " + c.statistic() + " p");
    }

    @Test
    void averageRanksShareTies() {
        assertArrayEquals(new double[] {1.5, 1.5, 3, 5, 5, 5}, Correlations.averageRanks(new double[] {2, 2, 3, 7,
            7, 7}));
        assertArrayEquals(new double[] {3, 1, 2}, Correlations.averageRanks(new double[] {9, -1, 0}));
    }

    @Test
    void constantInputIsUndefined() {
        double[] x = {1, 1, 1, 1};
        double[] y = {1, 2, 3, 4};
        assertTrue(Double.isNaN(Correlations.kendallTauB(x, y).value()));
        assertTrue(Double.isNaN(Correlations.spearman(x, y).value()));
        assertTrue(Double.isNaN(Correlations.pearson(y, x).pValue()));
    }

    @Test
    void bootstrapIsSeededAndBracketsAStrongCorrelation() {
        double[] x = new double[15];
        double[] y = new double[15];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
            y[i] = -2 * i + (i % 3);
        }
        Bootstrap.Interval a = Bootstrap.percentile(x, y, Correlation.Statistic.KENDALL_TAU_B, 500, 7, 0.95);
        Bootstrap.Interval b = Bootstrap.percentile(x, y, Correlation.Statistic.KENDALL_TAU_B, 500, 7, 0.95);
        Bootstrap.Interval other = Bootstrap.percentile(x, y, Correlation.Statistic.KENDALL_TAU_B, 500, 8, 0.95);
        assertEquals(a, b);
        double tau = Correlations.kendallTauB(x, y).value();
        assertTrue(a.low() <= tau && tau <= a.high(), a + " vs " + tau);
        assertTrue(a.high() < 0 && a.excludesZero(), a.toString());
        assertEquals(500, a.defined());
    }

    @Test
    void bootstrapOfNoiseContainsZero() {
        double[] x = {0.3, 0.1, 0.9, 0.4, 0.7, 0.2, 0.8, 0.5, 0.6, 0.0};
        double[] y = {0.5, 0.9, 0.1, 0.3, 0.8, 0.2, 0.6, 0.7, 0.0, 0.4};
        Bootstrap.Interval ci = Bootstrap.percentile(x, y, Correlation.Statistic.SPEARMAN, 1000, 1, 0.95);
        assertFalse(ci.excludesZero(), ci.toString());
    }

    @Test
    void quantileInterpolatesLikeNumpy() {
        double[] sorted = {1, 2, 3, 4};
        assertEquals(1.075, Bootstrap.quantile(sorted, 0.025), 1e-12);
        assertEquals(3.925, Bootstrap.quantile(sorted, 0.975), 1e-12);
    }

    private static boolean hasTies(double[] v) {
        return java.util.Arrays.stream(v).distinct().count() < v.length;
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }
}
