package org.rftworkbench.figures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.sharpness.SharpnessResult;

/** Heatmap and scatter data from `sharpness` output: rows, values, and tau-b on hand-made series. */
class AnalysisFiguresTest {
    private static SharpnessResult sharpness(double[] alphas) throws Exception {
        StringBuilder cells = new StringBuilder();
        for (int i = 0; i < alphas.length; i++) {
            for (String g : new String[] {"overall", "resblock 0", "head"}) {
                double v = g.equals("overall") ? i + 1 : g.equals("head") ? 0.5 : 10 - i;
                cells.append(cells.length() > 0 ? "," : "").append(String.format(Locale.ROOT,
                        "{\"alpha\":%s,\"group\":\"%s\",\"value\":{\"loss\":%s}}", alphas[i], g, v));
            }
        }
        return new ObjectMapper().readValue("{\"cells\":[" + cells + "]}", SharpnessResult.class);
    }

    private static SweepResult sweep(double[] alphas, double[] ood) {
        List<SweepResult.Point> points = new ArrayList<>();
        for (int i = 0; i < alphas.length; i++) {
            Map<String, SweepResult.Metrics> m = new LinkedHashMap<>();
            m.put("ood", new SweepResult.Metrics("ood", 10, ood[i], 1, 1));
            points.add(new SweepResult.Point(alphas[i], m, ood[i]));
        }
        return new SweepResult("t", "v", "now", null, points);
    }

    @Test
    void heatmapHasOneRowPerGroupWithoutOverall() throws Exception {
        double[] alphas = {0, 0.5, 1};
        LayerHeatmapFigure.Data d = AnalysisFigures.heatmap(sharpness(alphas), Set.of("resblock 0"));
        assertEquals(List.of("resblock 0", "head"), d.rows());
        assertArrayEquals(new double[] {10, 9, 8}, d.values()[0]);
        assertEquals(Set.of("resblock 0"), d.stragglers());
    }

    @Test
    void scatterCarriesKendallTauOfTheSharedAlphas() throws Exception {
        double[] alphas = {0, 0.25, 0.5, 0.75, 1};
        SweepResult s = sweep(alphas, new double[] {0.5, 0.6, 0.7, 0.8, 0.9});
        CorrelationFigure.Data overall = AnalysisFigures.correlation(s, sharpness(alphas), "overall");
        assertEquals(1.0, overall.tau(), 1e-12, "sharpness 1..5 rises with OOD");
        assertEquals(5, overall.n());
        CorrelationFigure.Data block = AnalysisFigures.correlation(s, sharpness(alphas), "resblock 0");
        assertEquals(-1.0, block.tau(), 1e-12);
        assertNull(AnalysisFigures.correlation(s, sharpness(new double[] {0, 1}), "overall"), "fewer than 3 alphas");
    }
}
