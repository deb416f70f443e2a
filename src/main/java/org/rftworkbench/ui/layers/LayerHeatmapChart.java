package org.rftworkbench.ui.layers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.Title;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.XYZDataset;
import org.jfree.data.Range;
import org.rftworkbench.figures.AxisRanges;
import org.rftworkbench.figures.Figure;
import org.rftworkbench.figures.FigureStyle;
import org.rftworkbench.figures.LayerHeatmapFigure;
import org.rftworkbench.figures.PaperPreset;

/**
 * The Layers view's chart: the exported heatmap figure ({@link LayerHeatmapFigure#build}, the same plot, colour
 * bar and straggler marks) under the overall sharpness curve, both on one shared alpha axis, with the exact cell
 * value as a tooltip. Built anew for every redraw (the view model limits those to about ten a second).
 */
final class LayerHeatmapChart {
    /** Window styling: the paper layout with screen-sized sans-serif text. */
    static final FigureStyle WINDOW_STYLE = FigureStyle.of(PaperPreset.DOUBLE_COLUMN).withFontFamily("SansSerif")
            .withFontSizePt(12f);

    private LayerHeatmapChart() {
    }

    /** The figure a user exports: the heatmap alone, in a paper preset. */
    static Figure figure(LayerHeatmapFigure.Data data, FigureStyle style) {
        return LayerHeatmapFigure.build(data, style);
    }

    /**
     * @param data    the heatmap
     * @param overall alpha -> overall loss sharpness (empty: no curve panel)
     */
    static JFreeChart build(LayerHeatmapFigure.Data data, TreeMap<Double, Double> overall) {
        Figure figure = LayerHeatmapFigure.build(data, WINDOW_STYLE);
        XYPlot heat = figure.chart().getXYPlot();
        heat.getRenderer().setDefaultToolTipGenerator((dataset, series, item) -> tooltip(data,
                (XYZDataset) dataset, series, item));
        if (overall.isEmpty()) {
            return figure.chart();
        }
        ValueAxis alphaAxis = heat.getDomainAxis();
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(alphaAxis);
        combined.setGap(6);
        combined.add(curvePlot(overall), 1);
        combined.add(heat, 3);
        JFreeChart chart = new JFreeChart(null, null, combined, false);
        chart.setTitle(figure.chart().getTitle());
        List<Title> subtitles = new ArrayList<>();
        for (int i = 0; i < figure.chart().getSubtitleCount(); i++) {
            subtitles.add(figure.chart().getSubtitle(i));
        }
        subtitles.forEach(chart::addSubtitle);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(2, 2, 2, 4));
        return chart;
    }

    private static XYPlot curvePlot(TreeMap<Double, Double> overall) {
        XYSeries series = new XYSeries("overall sharpness");
        overall.forEach(series::add);
        NumberAxis y = new NumberAxis("overall");
        // JFreeChart's auto range collapses around a single computed alpha ("6.219995E-3" on every tick)
        AxisRanges.fix(y, AxisRanges.padded(new Range(0, 1),
                overall.values().stream().mapToDouble(Double::doubleValue).toArray()));
        y.setLabelFont(new java.awt.Font(WINDOW_STYLE.fontFamily(), java.awt.Font.PLAIN, 13));
        y.setTickLabelFont(new java.awt.Font(WINDOW_STYLE.fontFamily(), java.awt.Font.PLAIN, 11));
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, Color.BLACK);
        renderer.setSeriesStroke(0, new BasicStroke(1.8f));
        renderer.setDefaultToolTipGenerator((dataset, s, item) -> String.format(Locale.ROOT,
                "overall, α = %s: %.6g", alphaText(dataset.getXValue(s, item)), dataset.getYValue(s, item)));
        XYPlot plot = new XYPlot(new XYSeriesCollection(series), null, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        return plot;
    }

    /** "resblock 1 (straggler), α = 0.3: 0.000941" or "… not computed yet". */
    static String tooltip(LayerHeatmapFigure.Data data, XYZDataset dataset, int series, int item) {
        int row = (int) Math.round(dataset.getYValue(series, item));
        String group = data.rows().get(row);
        double z = dataset.getZValue(series, item);
        return String.format(Locale.ROOT, "%s%s, α = %s: %s", group,
                data.stragglers().contains(group) ? " (straggler)" : "", alphaText(dataset.getXValue(series, item)),
                Double.isNaN(z) ? "not computed yet" : String.format(Locale.ROOT, "%.6g", z));
    }

    private static String alphaText(double alpha) {
        return java.math.BigDecimal.valueOf(alpha).stripTrailingZeros().toPlainString();
    }
}
