package org.rftworkbench.figures;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.sharpness.SharpnessGroups;
import org.rftworkbench.core.sharpness.SharpnessResult;
import org.rftworkbench.core.stats.Bootstrap;
import org.rftworkbench.core.stats.Correlation;
import org.rftworkbench.core.stats.Correlations;

/**
 * Chart data from the outputs of the `sharpness` command (a {@link SharpnessResult}) and a sweep: the layer x alpha
 * sharpness heatmap and sharpness-vs-OOD scatters with Kendall tau-b and its bootstrap interval. Stateless.
 */
public final class AnalysisFigures {
    private AnalysisFigures() {
    }

    /** Layer-wise loss sharpness, rows = groups in network order (the overall value is left out), columns = alphas. */
    public static LayerHeatmapFigure.Data heatmap(SharpnessResult result, Set<String> stragglers) {
        TreeSet<Double> alphaSet = new TreeSet<>();
        Map<String, Map<Double, Double>> byGroup = new LinkedHashMap<>();
        for (SharpnessResult.Cell c : result.cells()) {
            if (c.group().equals(SharpnessGroups.OVERALL)) {
                continue;
            }
            alphaSet.add(c.alpha());
            byGroup.computeIfAbsent(c.group(), g -> new LinkedHashMap<>()).put(c.alpha(), c.value().loss());
        }
        double[] alphas = alphaSet.stream().mapToDouble(Double::doubleValue).toArray();
        List<String> rows = new ArrayList<>(byGroup.keySet());
        double[][] values = new double[rows.size()][alphas.length];
        for (int r = 0; r < rows.size(); r++) {
            for (int a = 0; a < alphas.length; a++) {
                values[r][a] = byGroup.get(rows.get(r)).getOrDefault(alphas[a], Double.NaN);
            }
        }
        return new LayerHeatmapFigure.Data(rows, alphas, values, stragglers, "worst-case loss sharpness",
                "Layer-wise sharpness");
    }

    /**
     * One group's (or {@link SharpnessGroups#OVERALL}) sharpness against average OOD top-1 over the alphas both
     * files share, with Kendall tau-b (endpoints included) and its 95% percentile-bootstrap interval (seed 0).
     *
     * @return null when fewer than 3 alphas are shared
     */
    public static CorrelationFigure.Data correlation(SweepResult sweep, SharpnessResult sharpness, String group) {
        Map<Double, Double> sharp = new LinkedHashMap<>();
        for (SharpnessResult.Cell c : sharpness.cells()) {
            if (c.group().equals(group)) {
                sharp.put(c.alpha(), c.value().loss());
            }
        }
        List<CorrelationFigure.Point> points = new ArrayList<>();
        for (SweepResult.Point p : sweep.points()) {
            Double s = sharp.get(p.alpha());
            if (s != null && p.avgOodTop1() != null) {
                points.add(new CorrelationFigure.Point(p.alpha(), s, p.avgOodTop1()));
            }
        }
        if (points.size() < 3) {
            return null;
        }
        double[] x = points.stream().mapToDouble(CorrelationFigure.Point::sharpness).toArray();
        double[] y = points.stream().mapToDouble(CorrelationFigure.Point::oodTop1).toArray();
        Correlation tau = Correlations.kendallTauB(x, y);
        Bootstrap.Interval ci = Bootstrap.percentile(x, y, Correlation.Statistic.KENDALL_TAU_B,
                Bootstrap.DEFAULT_RESAMPLES, 0, 0.95);
        return new CorrelationFigure.Data(points, group + " loss sharpness", "average OOD top-1", tau.value(), ci.low(),
                ci.high(), ci.level(), points.size());
    }
}
