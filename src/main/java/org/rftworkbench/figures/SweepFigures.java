package org.rftworkbench.figures;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rftworkbench.core.eval.SweepResult;

/**
 * Turns a sweep's results into the plain data of the accuracy-vs-alpha and effective-robustness figures (the only
 * place in this package that knows the sweep's shape).
 */
public final class SweepFigures {
    /** Legend name of the average OOD curve. */
    public static final String AVG_OOD = "avg OOD";

    private SweepFigures() {
    }

    /** Top-1 per dataset (id datasets first, then ood, in the sweep's order) and the average OOD curve. */
    public static AccuracyVsAlphaFigure.Data accuracy(SweepResult result, boolean shadeFailure, boolean flipped) {
        List<SweepResult.Point> points = result.points();
        double[] alphas = points.stream().mapToDouble(SweepResult.Point::alpha).toArray();
        List<Curve> ids = new ArrayList<>();
        List<Curve> oods = new ArrayList<>();
        if (!points.isEmpty()) {
            for (Map.Entry<String, SweepResult.Metrics> e : points.get(0).datasets().entrySet()) {
                String name = e.getKey();
                double[] top1 = points.stream().mapToDouble(p -> top1(p, name)).toArray();
                ("id".equals(e.getValue().role()) ? ids : oods).add(new Curve(name, alphas, top1));
            }
        }
        ids.addAll(oods);
        return new AccuracyVsAlphaFigure.Data(ids, averageOod(result), shadeFailure, flipped);
    }

    /**
     * ID accuracy of the first id dataset against average OOD; null when the sweep has no id or no ood dataset.
     */
    public static RobustnessFigure.Data robustness(SweepResult result, String labelA, String labelB) {
        Curve avg = averageOod(result);
        if (avg == null || result.points().isEmpty()) {
            return null;
        }
        double[] alphas = result.points().stream().mapToDouble(SweepResult.Point::alpha).toArray();
        for (Map.Entry<String, SweepResult.Metrics> e : result.points().get(0).datasets().entrySet()) {
            if ("id".equals(e.getValue().role())) {
                String name = e.getKey();
                double[] top1 = result.points().stream().mapToDouble(p -> top1(p, name)).toArray();
                return new RobustnessFigure.Data(name, new Curve(name, alphas, top1), avg, labelA, labelB);
            }
        }
        return null;
    }

    /** Labels as stored in the sweep's provenance ("zero-shot", "fine-tuned"). */
    public static RobustnessFigure.Data robustness(SweepResult result) {
        SweepResult.Provenance p = result.provenance();
        return robustness(result, p.endpointA().label(), p.endpointB().label());
    }

    private static Curve averageOod(SweepResult result) {
        if (result.points().isEmpty() || result.points().get(0).avgOodTop1() == null) {
            return null;
        }
        double[] alphas = result.points().stream().mapToDouble(SweepResult.Point::alpha).toArray();
        double[] avg = result.points().stream()
                .mapToDouble(p -> p.avgOodTop1() == null ? Double.NaN : p.avgOodTop1()).toArray();
        return new Curve(AVG_OOD, alphas, avg);
    }

    private static double top1(SweepResult.Point p, String dataset) {
        SweepResult.Metrics m = p.datasets().get(dataset);
        return m == null ? Double.NaN : m.top1();
    }
}
