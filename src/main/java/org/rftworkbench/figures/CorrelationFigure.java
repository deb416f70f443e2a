package org.rftworkbench.figures;

import java.awt.Color;
import java.awt.Paint;
import java.awt.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Sharpness (x) against OOD accuracy (y), one point per alpha coloured by alpha (viridis, with a colour bar), the
 * endpoints drawn larger and labelled, and the rank correlation (Kendall tau with its confidence interval and n) in
 * the title. The statistics are inputs: this class draws them, it does not compute them.
 */
public final class CorrelationFigure {
    public static final String NAME = "sharpness-vs-ood";

    private CorrelationFigure() {
    }

    /** One evaluated alpha: its sharpness and its OOD accuracy (fraction). */
    public record Point(double alpha, double sharpness, double oodTop1) {
    }

    /**
     * @param points         the points
     * @param sharpnessLabel x-axis label, e.g. "worst-case sharpness (ρ = 0.05)"
     * @param oodLabel       what the accuracy is, e.g. "avg OOD top-1 (%)"
     * @param tau            Kendall tau-b
     * @param ciLow          lower end of the confidence interval
     * @param ciHigh         upper end
     * @param ciLevel        interval level, e.g. 0.95
     * @param n              number of observations behind tau
     */
    public record Data(List<Point> points, String sharpnessLabel, String oodLabel, double tau, double ciLow,
            double ciHigh, double ciLevel, int n) {
        public Data {
            points = List.copyOf(points);
        }
    }

    /** "Kendall τ = −0.62, 95% CI [−0.80, −0.41], n = 11" (true minus signs). */
    public static String statsTitle(Data d) {
        return String.format(Locale.ROOT, "Kendall τ = %s, %d%% CI [%s, %s], n = %d", signed(d.tau()),
                Math.round(100 * d.ciLevel()), signed(d.ciLow()), signed(d.ciHigh()), d.n());
    }

    private static String signed(double v) {
        return String.format(Locale.ROOT, "%.2f", v).replace('-', '−');
    }

    public static Figure build(Data data, FigureStyle style) {
        XYSeries points = new XYSeries("points", false, true);
        List<Double> alphas = new ArrayList<>();
        double minAlpha = Double.POSITIVE_INFINITY;
        double maxAlpha = Double.NEGATIVE_INFINITY;
        for (Point p : data.points()) {
            points.add(p.sharpness(), 100 * p.oodTop1());
            alphas.add(p.alpha());
            minAlpha = Math.min(minAlpha, p.alpha());
            maxAlpha = Math.max(maxAlpha, p.alpha());
        }
        XYSeriesCollection dataset = new XYSeriesCollection(points);
        ViridisScale scale = new ViridisScale(Math.min(0, minAlpha), Math.max(1, maxAlpha));
        double size = style.fontSizePt() * 0.6;
        double endpointSize = size * 1.7;
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true) {
            private static final long serialVersionUID = 1L;

            @Override
            public Paint getItemPaint(int row, int column) {
                return scale.getPaint(alphas.get(column));
            }

            @Override
            public Shape getItemShape(int row, int column) {
                boolean endpoint = alphas.get(column) == 0.0 || alphas.get(column) == 1.0;
                return ChartStyling.marker(endpoint ? 1 : 0, endpoint ? endpointSize : size);
            }
        };
        renderer.setUseOutlinePaint(true);
        renderer.setDefaultOutlinePaint(Color.DARK_GRAY);
        renderer.setDrawOutlines(true);

        NumberAxis x = ChartStyling.axis(style, ChartStyling.pick(style.xLabel(), data.sharpnessLabel()), false);
        NumberAxis y = ChartStyling.axis(style, ChartStyling.pick(style.yLabel(), data.oodLabel()), false);
        x.setUpperMargin(0.12);
        x.setLowerMargin(0.12);
        y.setUpperMargin(0.1);
        y.setLowerMargin(0.1);
        XYPlot plot = ChartStyling.xyPlot(style, x, y);
        plot.setDataset(dataset);
        plot.setRenderer(renderer);
        double midX = (points.getMinX() + points.getMaxX()) / 2;
        double dy = 0.05 * Math.max(1e-9, points.getMaxY() - points.getMinY());
        for (Point p : data.points()) {
            if (p.alpha() == 0.0 || p.alpha() == 1.0) {
                XYTextAnnotation label = new XYTextAnnotation(p.alpha() == 0.0 ? " A (α = 0) " : " B (α = 1) ",
                        p.sharpness(), 100 * p.oodTop1() + dy);
                label.setFont(ChartStyling.font(style, -1f, false));
                label.setTextAnchor(p.sharpness() > midX ? TextAnchor.BOTTOM_RIGHT : TextAnchor.BOTTOM_LEFT);
                plot.addAnnotation(label);
            }
        }

        JFreeChart chart = ChartStyling.chart(style, plot, statsTitle(data), false);
        if (chart.getTitle() != null) { // the statistics line is long: body size keeps it on one line at 3.3 in
            chart.getTitle().setFont(ChartStyling.font(style, 0f, false));
        }
        NumberAxis barAxis = new NumberAxis("α");
        ChartStyling.styleAxis(style, barAxis);
        barAxis.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(0.25));
        PaintScaleLegend bar = new PaintScaleLegend(scale, barAxis);
        bar.setPosition(RectangleEdge.RIGHT);
        bar.setAxisLocation(org.jfree.chart.axis.AxisLocation.TOP_OR_RIGHT); // ticks outside, beside the strip
        bar.setStripWidth(style.fontSizePt() * 0.9);
        bar.setAxisOffset(2);
        bar.setMargin(new RectangleInsets(4, 6, 4, 0));
        bar.setBackgroundPaint(null);
        bar.setSubdivisionCount(128);
        chart.addSubtitle(bar);

        CsvTable.Builder table = CsvTable.builder("alpha", "x", "y");
        for (int i = 0; i < dataset.getItemCount(0); i++) {
            table.row(alphas.get(i), dataset.getXValue(0, i), dataset.getYValue(0, i));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("kendallTau", data.tau());
        details.put("ci", List.of(data.ciLow(), data.ciHigh()));
        details.put("ciLevel", data.ciLevel());
        details.put("n", data.n());
        details.put("x", data.sharpnessLabel());
        details.put("y", data.oodLabel());
        return new Figure(NAME, chart, table.build(), details);
    }
}
