package org.rftworkbench.ui.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;
import org.rftworkbench.figures.LayerHeatmapFigure;
import org.rftworkbench.testutil.TickLabels;

/**
 * The Layers view's overall-sharpness curve while only one or two alphas are computed: its value axis does not
 * collapse around the point (JFreeChart's auto range labelled every tick "6.219995E-3").
 */
class LayerCurveAxisTest {
    private static NumberAxis curveAxis(TreeMap<Double, Double> overall) {
        double nan = Double.NaN;
        LayerHeatmapFigure.Data data = new LayerHeatmapFigure.Data(List.of("patch embedding", "resblock 0"),
                new double[] {0.0, 0.5, 1.0}, new double[][] {{0.00622, nan, nan}, {0.001, nan, nan}}, Set.of(),
                "sharpness", "Layer-wise sharpness");
        JFreeChart chart = LayerHeatmapChart.build(data, overall);
        XYPlot curve = ((CombinedDomainXYPlot) chart.getPlot()).getSubplots().get(0);
        return (NumberAxis) curve.getRangeAxis();
    }

    @Test
    void oneOrTwoComputedAlphasGiveAReadablePlainAxis() {
        for (TreeMap<Double, Double> overall : List.of(new TreeMap<>(java.util.Map.of(0.0, 0.00622)),
                new TreeMap<>(java.util.Map.of(0.0, 0.00622, 0.5, 0.00622)),
                new TreeMap<>(java.util.Map.of(0.0, 0.00622, 0.5, 0.0071)))) {
            NumberAxis axis = curveAxis(overall);
            List<String> labels = TickLabels.of(axis);
            assertTrue(axis.getRange().contains(0.00622) && axis.getRange().getLength() > 1e-4, axis.getRange()
                    .toString());
            assertTrue(labels.size() >= 2 && labels.stream().noneMatch(l -> l.contains("E")), labels.toString());
        }
    }
}
