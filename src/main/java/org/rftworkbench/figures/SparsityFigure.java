package org.rftworkbench.figures;

import java.awt.Color;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Sparsity before/after: one accuracy-vs-alpha curve per setting (dense first, drawn black and thicker as the
 * reference, then each sparsified variant in the palette's colours and dashes).
 */
public final class SparsityFigure {
    public static final String NAME = "sparsity-before-after";

    private SparsityFigure() {
    }

    /**
     * @param curves       one curve per setting (accuracy fractions), the dense reference first
     * @param metricLabel  y-axis label, e.g. "avg OOD top-1 (%)"
     * @param title        default title
     */
    public record Data(List<Curve> curves, String metricLabel, String title) {
        public Data {
            curves = List.copyOf(curves);
        }
    }

    public static Figure build(Data data, FigureStyle style) {
        XYSeriesCollection series = new XYSeriesCollection();
        for (Curve c : data.curves()) {
            series.addSeries(AccuracyVsAlphaFigure.toSeries(c, false));
        }
        NumberAxis x = ChartStyling.axis(style, ChartStyling.pick(style.xLabel(), AccuracyVsAlphaFigure.AXIS_LABEL),
                true);
        NumberAxis y = ChartStyling.axis(style, ChartStyling.pick(style.yLabel(), data.metricLabel()), false);
        XYPlot plot = ChartStyling.xyPlot(style, x, y);
        plot.setDataset(series);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        float markerSize = style.fontSizePt() * 0.45f;
        for (int i = 0; i < data.curves().size(); i++) {
            boolean reference = i == 0;
            renderer.setSeriesPaint(i, reference ? Color.BLACK : Palette.color(i - 1));
            renderer.setSeriesStroke(i, reference ? Palette.stroke(0, style.lineWidthPt() * 1.6f)
                    : Palette.stroke(i, style.lineWidthPt()));
            renderer.setSeriesShape(i, ChartStyling.marker(i, markerSize));
        }
        plot.setRenderer(renderer);
        JFreeChart chart = ChartStyling.chart(style, plot, data.title(), true);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("settings", data.curves().stream().map(Curve::name).toList());
        details.put("metric", data.metricLabel());
        return new Figure(NAME, chart, XYTables.seriesXY(series), details);
    }
}
