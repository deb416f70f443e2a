package org.rftworkbench.figures;

import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Top-1 accuracy against alpha: one series per dataset, the average OOD curve emphasised (black, thicker), and
 * optionally the failure region shaded (where average OOD is below its value at alpha = 0). The x-axis label states
 * the interpolation convention.
 */
public final class AccuracyVsAlphaFigure {
    public static final String NAME = "accuracy-vs-alpha";
    /** Axis label under the workbench's convention (alpha = 0 is endpoint A). */
    public static final String AXIS_LABEL = "α   [θ = (1−α)·A + α·B]";
    /** Axis label when the axis is flipped (x = 1 − alpha, so x = 0 is endpoint B). */
    public static final String FLIPPED_AXIS_LABEL = "α   [θ = α·A + (1−α)·B]";

    private AccuracyVsAlphaFigure() {
    }

    /**
     * @param datasets     one curve per dataset (top-1 as fractions), in legend order (ID first)
     * @param averageOod   the unweighted mean over OOD datasets, or null
     * @param shadeFailure shade where {@code averageOod} is below its alpha = 0 value
     * @param flipped      plot x = 1 − alpha (the other common convention) instead of alpha
     */
    public record Data(List<Curve> datasets, Curve averageOod, boolean shadeFailure, boolean flipped) {
        public Data {
            datasets = List.copyOf(datasets);
        }
    }

    public static Figure build(Data data, FigureStyle style) {
        XYSeriesCollection series = new XYSeriesCollection();
        List<Curve> curves = new ArrayList<>(data.datasets());
        if (data.averageOod() != null) {
            curves.add(data.averageOod());
        }
        for (Curve c : curves) {
            series.addSeries(toSeries(c, data.flipped()));
        }
        NumberAxis x = ChartStyling.axis(style, ChartStyling.pick(style.xLabel(),
                data.flipped() ? FLIPPED_AXIS_LABEL : AXIS_LABEL), true);
        NumberAxis y = ChartStyling.axis(style, ChartStyling.pick(style.yLabel(), "top-1 accuracy (%)"), false);
        // a figure of one or two computed alphas: JFreeChart would collapse the axes to 1e-8 around them ("1E1")
        x.setAutoRangeMinimumSize(1.0);
        y.setAutoRangeMinimumSize(1.0);
        XYPlot plot = ChartStyling.xyPlot(style, x, y);
        plot.setDataset(series);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        float markerSize = style.fontSizePt() * 0.45f;
        for (int i = 0; i < curves.size(); i++) {
            boolean average = data.averageOod() != null && i == curves.size() - 1;
            renderer.setSeriesPaint(i, average ? Color.BLACK : Palette.color(i));
            renderer.setSeriesStroke(i, average ? Palette.stroke(0, style.lineWidthPt() * 1.6f)
                    : Palette.stroke(i, style.lineWidthPt()));
            renderer.setSeriesShape(i, ChartStyling.marker(i, average ? markerSize * 1.3 : markerSize));
        }
        plot.setRenderer(renderer);

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("alphaConvention", data.flipped() ? "x = 1 - alpha, theta = x A + (1 - x) B"
                : "x = alpha, theta = (1 - alpha) A + alpha B");
        List<FailureRegions.Interval> failure = data.averageOod() != null
                ? FailureRegions.of(data.averageOod()) : List.of();
        if (data.shadeFailure() && !failure.isEmpty()) {
            for (FailureRegions.Interval r : failure) {
                double from = data.flipped() ? 1 - r.to() : r.from();
                double to = data.flipped() ? 1 - r.from() : r.to();
                IntervalMarker band = new IntervalMarker(from, to, ChartStyling.FAILURE_FILL);
                band.setOutlinePaint(null);
                plot.addDomainMarker(band, Layer.BACKGROUND);
            }
            LegendItemCollection items = plot.getLegendItems();
            LegendItem shaded = new LegendItem("avg OOD below α = 0", null, null, null,
                    new Rectangle2D.Double(-4, -3, 8, 6), ChartStyling.FAILURE_FILL);
            items.add(shaded);
            plot.setFixedLegendItems(items);
        }
        details.put("failureRegionsAlpha", failure.stream().map(r -> List.of(r.from(), r.to())).toList());
        details.put("failureRegionsShaded", data.shadeFailure());

        JFreeChart chart = ChartStyling.chart(style, plot, "Accuracy along the interpolation path", true);
        return new Figure(NAME, chart, XYTables.seriesXY(series), details);
    }

    static XYSeries toSeries(Curve c, boolean flipped) {
        XYSeries s = new XYSeries(c.name(), true, true);
        double[] a = c.alphas();
        double[] v = c.values();
        for (int i = 0; i < a.length; i++) {
            s.add(flipped ? 1 - a[i] : a[i], 100 * v[i]);
        }
        return s;
    }
}
