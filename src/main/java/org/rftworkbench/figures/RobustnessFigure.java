package org.rftworkbench.figures;

import java.awt.Color;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.Range;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Effective robustness: ID top-1 (x) against average OOD top-1 (y), one point per alpha joined in alpha order, the
 * endpoints labelled, and the dashed y = x line for reference.
 */
public final class RobustnessFigure {
    public static final String NAME = "effective-robustness";

    private RobustnessFigure() {
    }

    /**
     * @param idName     the ID dataset (x axis)
     * @param idTop1     its accuracy per alpha (fraction)
     * @param averageOod average OOD accuracy per alpha (fraction), same alphas
     * @param labelA     what endpoint A is called ("zero-shot")
     * @param labelB     what endpoint B is called ("fine-tuned")
     */
    public record Data(String idName, Curve idTop1, Curve averageOod, String labelA, String labelB) {
    }

    public static Figure build(Data data, FigureStyle style) {
        double[] alphas = data.idTop1().alphas();
        double[] id = data.idTop1().values();
        XYSeries path = new XYSeries("α path", false, true);
        java.util.List<Double> pathAlphas = new java.util.ArrayList<>();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int k : sortedByAlpha(alphas)) {
            double ood = data.averageOod().valueAt(alphas[k]);
            if (Double.isNaN(ood) || Double.isNaN(id[k])) {
                continue;
            }
            double x = 100 * id[k];
            double y = 100 * ood;
            path.add(x, y);
            pathAlphas.add(alphas[k]);
            lo = Math.min(lo, Math.min(x, y));
            hi = Math.max(hi, Math.max(x, y));
        }
        XYSeriesCollection series = new XYSeriesCollection(path);
        // read back from the dataset: exactly what is drawn, with the alpha of each point
        CsvTable.Builder table = CsvTable.builder("alpha", "x", "y");
        for (int i = 0; i < series.getItemCount(0); i++) {
            table.row(pathAlphas.get(i), series.getXValue(0, i), series.getYValue(0, i));
        }

        NumberAxis x = ChartStyling.axis(style, ChartStyling.pick(style.xLabel(),
                "ID top-1 (%), " + data.idName()), false);
        NumberAxis y = ChartStyling.axis(style, ChartStyling.pick(style.yLabel(), "avg OOD top-1 (%)"), false);
        XYPlot plot = ChartStyling.xyPlot(style, x, y);
        plot.setDataset(series);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, Palette.color(0));
        renderer.setSeriesStroke(0, Palette.stroke(0, style.lineWidthPt()));
        renderer.setSeriesShape(0, ChartStyling.marker(0, style.fontSizePt() * 0.45));
        plot.setRenderer(renderer);

        if (path.getItemCount() > 0) {
            // pad the axes so the endpoint labels fit inside the plot
            double padX = Math.max(0.5, 0.08 * (path.getMaxX() - path.getMinX()));
            double padY = Math.max(0.5, 0.2 * (path.getMaxY() - path.getMinY()));
            x.setRange(new Range(path.getMinX() - padX, path.getMaxX() + padX));
            y.setRange(new Range(path.getMinY() - padY, path.getMaxY() + padY));
            double span = hi - lo + 100;
            plot.addAnnotation(new XYLineAnnotation(lo - span, lo - span, hi + span, hi + span,
                    ChartStyling.dashed(style.lineWidthPt() * 0.8f), Color.GRAY));
            // name the reference line where it crosses the visible area, so a corner fragment is not a mystery
            double from = Math.max(x.getLowerBound(), y.getLowerBound());
            double to = Math.min(x.getUpperBound(), y.getUpperBound());
            if (from < to) {
                double at = from + 0.5 * (to - from);
                XYTextAnnotation name = new XYTextAnnotation(" y = x", at, at);
                name.setFont(ChartStyling.font(style, -1f, false));
                name.setPaint(Color.GRAY);
                name.setTextAnchor(TextAnchor.TOP_LEFT);
                plot.addAnnotation(name);
            }
            int last = path.getItemCount() - 1;
            if (pathAlphas.get(0) == 0.0) {
                label(plot, style, path.getX(0).doubleValue(), path.getY(0).doubleValue(),
                        last > 0 ? path.getY(1).doubleValue() : 0, "A: " + data.labelA() + " (α = 0)");
            }
            if (pathAlphas.get(last) == 1.0) {
                label(plot, style, path.getX(last).doubleValue(), path.getY(last).doubleValue(),
                        last > 0 ? path.getY(last - 1).doubleValue() : 0, "B: " + data.labelB() + " (α = 1)");
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("idDataset", data.idName());
        details.put("referenceLine", "y = x (dashed)");
        JFreeChart chart = ChartStyling.chart(style, plot, "Effective robustness", false);
        return new Figure(NAME, chart, table.build(), details);
    }

    private static void label(XYPlot plot, FigureStyle style, double x, double y, double neighbourY, String text) {
        TextAnchor anchor = anchorFor(plot, x, y, neighbourY);
        // nudge the text off the marker by 4% of the axis height, away from the point
        double dy = 0.03 * plot.getRangeAxis().getRange().getLength() * (anchor.isTop() ? -1 : 1);
        XYTextAnnotation label = new XYTextAnnotation(" " + text + " ", x, y + dy);
        label.setFont(ChartStyling.font(style, -1f, false));
        label.setTextAnchor(anchor);
        plot.addAnnotation(label);
    }

    /**
     * Puts the label below the point when its neighbour on the path lies above (else above), and on the side facing
     * the centre of the plot, so it neither crosses the path nor leaves the plot.
     */
    private static TextAnchor anchorFor(XYPlot plot, double x, double y, double neighbourY) {
        boolean right = x > plot.getDomainAxis().getRange().getCentralValue();
        boolean below = neighbourY > y;
        if (below) {
            return right ? TextAnchor.TOP_RIGHT : TextAnchor.TOP_LEFT;
        }
        return right ? TextAnchor.BOTTOM_RIGHT : TextAnchor.BOTTOM_LEFT;
    }

    private static Integer[] sortedByAlpha(double[] alphas) {
        Integer[] order = new Integer[alphas.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(i -> alphas[i]));
        return order;
    }
}
